#!/usr/bin/env bash
# Where a request's time goes, in the service and in the bare app (src/bench/bare-app), in the same run: each
# jar in its own JVM, warmed up, then JFR's execution samples (settings=profile) over DURATION of wrk on the
# counter increment. Prints, for each frame of interest, the share of samples whose stack holds it
# (docs/performance.md); for a filter, also its own work: samples in it but not further down the filter chain.
# Then the samples per million requests of each app, and the frames whose samples per request differ most between
# them: where the service's extra work per request sits, whether in its own code or in framework code it makes
# run more (or slower). The two carrier threads are busy throughout and sampled at a fixed rate, so an app's
# samples per request follow its throughput in that run, which moves by 10 % from run to run here: compare frames
# within one profile, not totals across profiles. Sample counts are small: a few samples either way are noise.
#
#   src/test/perf/profile.sh          # builds both jars if they are missing; about 2 minutes
#
# Settings (environment): DURATION (15s), WARMUP (10s), CONNECTIONS (64), JAR, BARE_JAR, JAVA or JAVA_HOME_25;
# KEEP, a directory: the recordings (service.jfr, bare.jfr) and wrk's output are copied there, for comparing frame
# by frame (jfr print --events jdk.ExecutionSample --stack-depth 64).
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-64}
source src/test/perf/lib.sh
require_service_and_bare

profile() { # name jar
  record_counter "$1" "$2"
  grep Requests/sec "$work/$1.wrk" | sed "s/^/$1: /"
  if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$work/$1.jfr" "$work/$1.wrk" "$KEEP/"; fi
  "$JDK_BIN/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$work/$1.jfr" >"$work/$1.txt"
}
profile service "$JAR"
profile bare "$BARE_JAR"

python3 - "$work/service.txt" "$work/bare.txt" "$work/service.wrk" "$work/bare.wrk" <<'PY'
import collections, re, sys
CHAIN = "org.apache.catalina.core.ApplicationFilterChain."
def shares(path):
    """Per frame: samples whose stack holds it; for a filter, '(own)' counts only those not further down the chain."""
    samples = open(path).read().split("jdk.ExecutionSample")[1:]
    held = collections.Counter()
    for sample in samples:
        frames = re.findall(r"^\s+([\w.$]+\.[\w$<>]+)\(", sample, re.M)  # innermost first
        held.update(set(frames))
        for i, frame in enumerate(frames):
            is_filter = frame.endswith((".doFilterInternal", "Filter.doFilter"))
            if is_filter and not any(f.startswith(CHAIN) for f in frames[:i]):
                held[frame + " (own)"] += 1
    return len(samples), held
(ns, service), (nb, bare) = shares(sys.argv[1]), shares(sys.argv[2])
frames = [
    ("Tomcat's request processing", "org.apache.coyote.http11.Http11Processor.service"),
    ("Micrometer's observation filter and what it wraps",
     "org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal"),
    ("DispatcherServlet.doDispatch", "org.springframework.web.servlet.DispatcherServlet.doDispatch"),
    ("Spring's binder factory, made on every request (an @InitBinder advice costs here)",
     "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.getDataBinderFactory"),
    ("writing the JSON answer",
     "org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite.handleReturnValue"),
    ("RequestGuard, its own work", "dev.genserver.web.RequestGuard.doFilterInternal (own)"),
    ("IdempotencyFilter, its own work (a header lookup without the header)",
     "dev.genserver.idempotency.IdempotencyFilter.doFilter (own)"),
    ("Micrometer's observation filter, its own work",
     "org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal (own)"),
    ("the call into the counter process", "dev.genserver.runtime.ProcessCell.call"),
]
print(f"\n| frame (share of samples whose stack holds it) | service ({ns} samples) | bare ({nb} samples) |")
print("|---|---|---|")
for label, frame in frames:
    print(f"| {label} | {100 * service[frame] / ns:.1f} % | {100 * bare[frame] / nb:.1f} % |")

def requests(path):
    return int(re.search(r"(\d+) requests in", open(path).read()).group(1)) / 1e6
rs, rb = requests(sys.argv[3]), requests(sys.argv[4])
print(f"\nsamples per million requests: service {ns / rs:.0f}, bare {nb / rb:.0f} ({ns / rs / (nb / rb):.2f}x)")
print("\n| frame off the trunk whose samples per request differ most | service per M requests | bare per M requests |")
print("|---|---|---|")
# The trunk (frames in over a quarter of either app's samples: Tomcat, the filter chain, the dispatcher) only sums
# what lies under it; the frames beneath it tell where a difference comes from.
off_trunk = [f for f in set(service) | set(bare)
             if not f.endswith(" (own)") and service[f] <= ns / 4 and bare[f] <= nb / 4]
for frame in sorted(off_trunk, key=lambda f: bare[f] / rb - service[f] / rs)[:25]:
    print(f"| {frame} | {service[frame] / rs:.0f} | {bare[frame] / rb:.0f} |")
PY
