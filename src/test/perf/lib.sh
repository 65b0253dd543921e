# What the perf scripts share; sourced by them, not run. After it:
#   JAVA            the JDK 25 java (or the one on the PATH), unless the environment names one (JAVA, or
#                   JAVA_HOME_25, a JDK whose java it is)
#   JDK_BIN         the directory of that java, where its jcmd and jfr are
#   work            a temporary directory, removed on exit with every app started by launch
#   launch          starts a jar in the background: name jar port management-port [arguments]; its pid is $launched.
#                   The jar may be a directory made by `java -Djarmode=tools -jar app.jar extract --launcher`
#                   (without --layers: the Dockerfile copies the layers into one directory, which is this),
#                   run as the Dockerfile runs the service: Boot's JarLauncher on the exploded jar.
#   await_ready     waits for an app's readiness probe: name management-port [text its answer must hold]
#   stop            stops one app started by launch: pid
#   require_wrk     installs wrk (Debian package) if it is missing
#   require_jar     builds a jar with the wrapper if it is missing: jar [pom]
#   require_service_and_bare  wrk, and the service's jar (JAR) and the bare app's (BARE_JAR), each built if
#                   missing; the two variables default to the jars the builds make
#   record_counter  one app under wrk on the counter increment with a JFR recording (settings=profile): name jar;
#                   WARMUP, then DURATION recorded, CONNECTIONS; leaves $work/name.jfr and wrk's $work/name.wrk
# JAVA_FLAGS (an array, empty unless set) goes before -jar (or -cp): cluster.sh passes Hazelcast's flags there.
# Every app binds 127.0.0.1 only (launch says so; an argument may not say it again, as Spring joins a repeated
# command-line option into one value), and the scripts keep all traffic there.

if [[ -n "${JAVA_HOME_25:-}" ]]; then
  JAVA=$JAVA_HOME_25/bin/java
elif [[ -z "${JAVA:-}" ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  [[ -x "$JAVA" ]] || JAVA=java
fi
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
JAVA_FLAGS=("${JAVA_FLAGS[@]}")
work=$(mktemp -d)
launched_pids=()

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_all() {
  for pid in "${launched_pids[@]}"; do stop "$pid"; done
  rm -rf "$work"
}
trap stop_all EXIT

launch() { # name jar port management-port [arguments]
  echo "== starting $1 ($2) on port $3, management port $4"
  local main=(-jar "$2")
  [[ -d "$2" ]] && main=(-cp "$2" org.springframework.boot.loader.launch.JarLauncher)
  "$JAVA" -Xmx1g "${JAVA_FLAGS[@]}" "${main[@]}" --server.port="$3" --management.server.port="$4" \
    --server.address=127.0.0.1 --management.server.address=127.0.0.1 --logging.level.root=WARN "${@:5}" >"$work/$1.log" 2>&1 &
  launched=$!
  launched_pids+=("$launched")
}

await_ready() { # name management-port [text the readiness answer, without spaces and newlines, must hold]
  local deadline=$((SECONDS + 180)) health
  until health=$(curl -fsS "http://127.0.0.1:$2/actuator/health/readiness" 2>/dev/null | tr -d ' \n') \
      && grep -q '"status":"UP"}$' <<<"$health" && grep -q -- "${3:-}" <<<"$health"; do
    if ((SECONDS > deadline)); then
      echo "$1 did not become ready; its log:" >&2; cat "$work/$1.log" >&2; exit 1
    fi
    sleep 0.5
  done
}

require_wrk() {
  command -v wrk >/dev/null 2>&1 && return
  echo "== installing wrk (Debian package)"
  local sudo=""; [[ "$(id -u)" -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
}

require_service_and_bare() {
  JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
  BARE_JAR=${BARE_JAR:-src/bench/bare-app/target/bare-app.jar}
  require_wrk
  require_jar "$JAR"
  require_jar "$BARE_JAR" src/bench/bare-app/pom.xml
}

require_jar() { # jar [pom]
  [[ -e "$1" ]] && return
  [[ "$1" == *.jar ]] || { echo "$1: no such directory (make it with extract --launcher)" >&2; exit 1; }
  echo "== building $1"
  ./mvnw -q ${2:+-f "$2"} package -DskipTests
}

record_counter() { # name jar
  local url=http://127.0.0.1:18290/api/counter/increment
  printf 'wrk.method = "POST"\n' >"$work/post.lua"
  launch "$1" "$2" 18290 18291
  await_ready "$1" 18291
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$work/post.lua" "$url" >/dev/null
  "$JDK_BIN/jcmd" "$launched" JFR.start name=recorded settings=profile filename="$work/$1.jfr" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$work/post.lua" "$url" >"$work/$1.wrk"
  "$JDK_BIN/jcmd" "$launched" JFR.stop name=recorded >/dev/null
  stop "$launched"
}
