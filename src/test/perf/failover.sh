#!/usr/bin/env bash
# Failover time of the packaged service in cluster mode over KILLS SIGKILLs, and heap per idle process
# (docs/performance.md, "Cluster mode"): runs dev.genserver.cluster.FailoverTimes (src/test/java), which starts three
# members of the jar in JVMs of their own on loopback, kills one at a time with SIGKILL (each in turn; the client's
# connections to the survivors opened first, as a pool's are), times until every one of KEYS named counters answers
# again from a survivor with its acknowledged value, restarts the member, and at the end makes IDLE more counters
# and compares the members' live heaps before and after.
#
#   src/test/perf/failover.sh            # builds the jar and the test classes if they are missing; 10-20 minutes
#
# Settings (environment): KILLS (20), KEYS (300), IDLE (100000), JAR, JAVA, MEMBER_OPTS (JVM options of each member:
# -Xmx1g, full JIT, a CDS archive that makes the restarts quicker), DRIVER_OPTS (system properties of the driver,
# e.g. "-Dlogs=true -Dmember.args=--logging.level.com.hazelcast=INFO" to print the survivors' logs after each kill;
# member.args takes one argument here, as DRIVER_OPTS is split on spaces). The members inherit the environment, so
# more of their settings can go there: LOGGING_LEVEL_COM_HAZELCAST=INFO LOGGING_FILE_NAME='/tmp/member-${PID}.log'
# gives each member its whole log in a file of its own.
# Ports: free ones, chosen at start, 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

KILLS=${KILLS:-20}
KEYS=${KEYS:-300}
IDLE=${IDLE:-100000}
JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
MEMBER_OPTS=${MEMBER_OPTS:--Xmx1g -XX:TieredStopAtLevel=4 -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=target/cluster-member.jsa}
source src/test/perf/lib.sh

require_jar "$JAR"
[[ -f target/test-classes/dev/genserver/cluster/FailoverTimes.class ]] || { echo "== compiling the tests"; ./mvnw -q test-compile; }
[[ -f target/test-classpath.txt ]] || ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
# What Hazelcast needs on Java 25, as the pom declares it (the members get them; this driver does not need them).
flags=$(sed -n 's:.*<hazelcast.jvm.flags>\(.*\)</hazelcast.jvm.flags>.*:\1:p' pom.xml | head -n 1)

echo "== $KILLS SIGKILLs over $KEYS keys, then $IDLE idle processes; $(date -u +%FT%RZ), $(nproc) cores"
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  -Dhazelcast.jvm.flags="$flags" -Dmember.jvm.options="$MEMBER_OPTS" \
  -Dkills="$KILLS" -Dkeys="$KEYS" -Didle="$IDLE" -Djar="$JAR" ${DRIVER_OPTS:-} \
  dev.genserver.cluster.FailoverTimes
