#!/usr/bin/env bash
# The wave bench: builds wave and the bench, then runs the same graphs through wave and its peers
# (Dexecutor in-process, make, ninja, xargs, grep | xargs sed, find) and prints Markdown tables of
# ratios and the targets, met or MISSED. Takes about 8 minutes on 2 cores; the tables also go to
# target/bench/latest.md. The actions section writes 140k small files under target/bench/actions
# once (the first run takes up to a minute longer) and reuses them. The worktrees section makes some 230
# worktrees of a generated 10,000-file repository under target/bench/worktrees: 15-45 minutes on 2 shared cores.
#
#   bench/run.sh                      everything
#   bench/run.sh schedule inprocess   some sections: schedule search inprocess shell timed latency startup micro actions worktrees
#   bench/run.sh --full               also Dexecutor at 100k tasks, and the 10k `true` tasks under bubblewrap once (slow: minutes)
#   bench/run.sh generate --family layered|fork-join|chain-heavy|random-order --tasks N [--seed S] --out plan.json
#   bench/run.sh convert ../shared/bench-data/workflows/montage-chameleon-dss-05d-001.json [--scale F] --out plan.json
#
# Environment: MVN (default: "mvn -o", falling back to "mvn" online when something is missing, as on a
# fresh machine where JMH's annotation processor was never downloaded), BENCH_JDKS (comma-separated extra JAVA_HOMEs for the start-up
# table; default: Temurin 25 when installed), BENCH_WORKFLOWS (default ../shared/bench-data/workflows).
set -euo pipefail
root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$root"
# Maven offline when everything is already here, online otherwise (MVN overrides both).
maven() {
    if [ -n "${MVN:-}" ]; then
        $MVN "$@"
    elif ! mvn -o "$@"; then
        echo "bench: offline Maven lacks something; retrying online" >&2
        mvn "$@"
    fi
}
# JMH's annotation processor only runs in the bench profile: recompile the tests with it.
# The bench lives in the core module's tests.
rm -rf core/target/test-classes core/target/generated-test-sources
maven -B -q -Pbench package -DskipTests -pl core
maven -B -q dependency:build-classpath -pl core -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
jdks=${BENCH_JDKS:-}
if [ -z "$jdks" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    jdks=/usr/lib/jvm/temurin-25-jdk-amd64
fi
mkdir -p target/bench
case "${1:-}" in
    generate|convert) out=/dev/null ;;
    *) out=target/bench/latest.md ;;
esac
java -cp "core/target/test-classes:core/target/classes:$(cat core/target/bench.classpath)" \
    -Dbench.root="$root" -Dbench.work="$root/target/bench" -Dbench.jdks="$jdks" \
    -Dbench.workflows="${BENCH_WORKFLOWS:-$root/../shared/bench-data/workflows}" \
    dev.wave.bench.Bench "$@" 2>&1 | grep --line-buffered -v '^SLF4J' | tee "$out"
