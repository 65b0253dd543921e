#!/usr/bin/env bash
# Compares two builds of the runtime, the baseline measured in the same run: CallBenchmark, CastBenchmark
# (implementation=ours, 2 forks x 5 iterations) and the million-process scale run, alternating between the two
# jars for every round so that drift in the machine's speed falls on both alike. Prints each figure per round
# and the ratio of medians (after / before).
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -q -Pbench package) 
#   ./mvnw -q -Pbench package
#   src/test/perf/runtime-compare.sh /tmp/before/target/benchmarks.jar target/benchmarks.jar 3
#
# About 3 minutes per round on 2 cores. Run it on a quiet machine: other builds skew both sides, not equally.
set -euo pipefail

before=${1:?usage: runtime-compare.sh BEFORE.jar AFTER.jar [ROUNDS]}
after=${2:?usage: runtime-compare.sh BEFORE.jar AFTER.jar [ROUNDS]}
rounds=${3:-3}
java=${JAVA:-java}
if ! "$java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*25*/bin/java; do
    [ -x "$candidate" ] && java=$candidate && break
  done
fi
out=$(mktemp -d)
jmh=(-p implementation=ours -f 2 -wi 3 -w 1s -i 5 -r 1s)

for round in $(seq 1 "$rounds"); do
  for side in before after; do
    jar=${!side}
    echo "== round $round: $side ($jar)"
    "$java" -jar "$jar" 'CallBenchmark|CastBenchmark' "${jmh[@]}" -rf json -rff "$out/$side-$round.json" \
      > "$out/$side-$round.log" 2>&1
    "$java" -Xmx1g -cp "$jar" dev.genserver.bench.ScaleBenchmark ours | grep '^| ours' \
      > "$out/$side-$round.scale"
    cat "$out/$side-$round.scale"
  done
done

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
figures = {}  # (name, side) -> [values]
for side in ("before", "after"):
    for r in range(1, rounds + 1):
        for result in json.load(open(f"{out}/{side}-{r}.json")):
            name = result["benchmark"].rsplit(".", 2)[-2] + "." + result["benchmark"].rsplit(".", 1)[-1]
            figures.setdefault((name, side), []).append(result["primaryMetric"]["score"])
        cells = [c.strip() for c in open(f"{out}/{side}-{r}.scale").read().split("|")[1:-1]]
        figures.setdefault(("scale: processes/s", side), []).append(float(cells[2].replace(",", "")))
        figures.setdefault(("scale: heap B/process", side), []).append(float(cells[3].replace(",", "")))
names = sorted({name for name, _ in figures})
print(f"\n| figure | before (each round) | after (each round) | median after / before |")
print("|---|---|---|---|")
for name in names:
    b, a = figures[(name, "before")], figures[(name, "after")]
    fmt = lambda xs: ", ".join(f"{x:,.2f}" if x < 1000 else f"{x:,.0f}" for x in xs)
    print(f"| {name} | {fmt(b)} | {fmt(a)} | {statistics.median(a) / statistics.median(b):.3f} |")
print(f"\nraw results: {out}")
PY
