# syntax=docker/dockerfile:1

# ---- build: compile and package the Boot jar, then split it into layers ----
FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package \
 && cp target/genserver-boot-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- run: JRE only, non-root, one image layer per Boot layer ----
FROM eclipse-temurin:25-jre
# A fixed numeric id: Kubernetes' runAsNonRoot can check a number, not a name, and runAsUser can name it
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
# 8080: the API; 8081: actuator (health probes, Prometheus, the processes endpoint), for the internal network;
# 5701: the cluster port, only used with GENSERVER_CLUSTER_ENABLED=true (private network only: see the README)
EXPOSE 8080 8081 5701
# Every process's state lives in the heap: three quarters of the container's memory for it, not the JVM's default
# quarter (set the container's memory limit). The guards keep the heap from running out (docs/reliability.md); if
# it runs out all the same, the JVM exits, for a restart policy or the orchestrator to start it again, rather than
# stay up with threads an OutOfMemoryError ended (Tomcat's acceptors among them). Then what embedded Hazelcast
# needs on Java 25 (cluster mode), harmless when it is off.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
--sun-misc-unsafe-memory-access=allow --add-modules java.se \
--add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
--add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED \
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
# Docker's own health check (Kubernetes uses its probes instead): liveness on the management port, asked with
# bash alone, as the JRE image has neither curl nor wget. It follows MANAGEMENT_SERVER_PORT and the base paths
# (MANAGEMENT_SERVER_BASE_PATH, MANAGEMENT_ENDPOINTS_WEB_BASE_PATH, a trailing slash dropped as Boot drops it)
# when they are set in the environment;
# src/test/run-jar-checks.sh runs this very command against the packaged jar.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD bash -c 'base=${MANAGEMENT_SERVER_BASE_PATH%/} endpoints=${MANAGEMENT_ENDPOINTS_WEB_BASE_PATH:-/actuator} && exec 3<>/dev/tcp/127.0.0.1/"${MANAGEMENT_SERVER_PORT:-8081}" && printf "GET %s%s/health/liveness HTTP/1.0\r\n\r\n" "$base" "${endpoints%/}" >&3 && read -r status <&3 && [[ $status == "HTTP/1.1 200 "* ]]'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
