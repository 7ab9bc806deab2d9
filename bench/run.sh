#!/usr/bin/env bash
# bench/run.sh — tcpgate side by side with HAProxy, nginx `stream`, socat and
# no proxy at all (`direct`) on loopback, using the shared peer harness.
#
#   bench/run.sh                 # 3 rounds of iperf, redis (+churn), idle; ~10+ min
#   ROUNDS=5 bench/run.sh        # tighter medians (JIT-sensitive figures want this)
#   PEERS="direct haproxy tcpgate" WORKLOADS=redis bench/run.sh
#
# What it does:
#   1. finds the harness: $BENCH_HARNESS, else <checkout>/../shared/bench
#   2. runs bench/install-peers.sh (apt-get; skipped when all is installed)
#   3. builds the gateway (mvn -B -q -DskipTests package) if
#      gateway/dist/target/lib (or .../target/tcpgate.jar) does not exist yet
#   4. runs <harness>/run-peers.sh with PROXY_NAME=tcpgate and
#      PROXY_CMD='<repo>/tcpgate run --listen 127.0.0.1:{LISTEN} --backend 127.0.0.1:{BACKEND}'
#   5. prints the report path and the report (report.md in $OUT_DIR)
#
# Every harness knob is an environment variable and is passed through as is:
#   PEERS (default here: "direct haproxy nginx socat tcpgate"), ROUNDS, WORKLOADS,
#   WARMUP, IPERF_SECS, IPERF_OMIT, REDIS_CLIENTS, REDIS_REQUESTS, CHURN_CLIENTS,
#   CHURN_REQUESTS, IDLE_CONNS, IDLE_HOLD, PORT_BASE, READY_TIMEOUT, MAX_MINUTES,
#   OUT_DIR, PROXY_CMD_<name> (extra variants listed in PEERS).
# Set PROXY_CMD to replace the tcpgate command line (keep {LISTEN}/{BACKEND},
# foreground).  SKIP_INSTALL=1 skips step 2, SKIP_BUILD=1 skips step 3.
set -euo pipefail

die() { echo "bench/run.sh: $*" >&2; exit 1; }

case ${1:-} in
-h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
"") ;;
*) die "no arguments expected (settings are environment variables; see --help)" ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

# ---- 1. the harness ---------------------------------------------------------
HARNESS=${BENCH_HARNESS:-$BENCH_DIR/../../shared/bench}
if [[ ! -x $HARNESS/run-peers.sh ]]; then
    die "benchmark harness not found: '$HARNESS/run-peers.sh' is missing or not executable.
  It is expected in the shared/ folder beside the repository checkout
  ($(cd "$BENCH_DIR/../.." 2>/dev/null && pwd)/shared/bench); point BENCH_HARNESS at
  the directory that holds run-peers.sh, e.g. BENCH_HARNESS=/path/to/shared/bench bench/run.sh"
fi
HARNESS=$(cd "$HARNESS" && pwd)

# ---- 2. reference peers and load tools --------------------------------------
if [[ ${SKIP_INSTALL:-0} != 1 ]]; then
    "$BENCH_DIR/install-peers.sh" || die "installing the peers failed (see above)"
fi

# ---- 3. the gateway ---------------------------------------------------------
# The launcher needs both target/lib and target/tcpgate.jar (and would build
# them itself on first use, inside the timed --version check below).
LIB_DIR=$REPO/gateway/dist/target/lib
DIST_JAR=$REPO/gateway/dist/target/tcpgate.jar
if [[ (! -d $LIB_DIR || ! -f $DIST_JAR) && ${SKIP_BUILD:-0} != 1 ]]; then
    command -v mvn >/dev/null || die "$LIB_DIR does not exist and mvn is not installed to build it"
    echo "bench/run.sh: $LIB_DIR or $DIST_JAR missing; building: (cd $REPO && mvn -B -q -DskipTests package)" >&2
    (cd "$REPO" && mvn -B -q -DskipTests package) || die "build failed"
fi
if [[ ! -d $LIB_DIR && -z ${PROXY_CMD:-} ]]; then
    die "$LIB_DIR does not exist (build the gateway first: mvn -B -q -DskipTests package)"
fi

LAUNCHER=$REPO/tcpgate
if [[ -z ${PROXY_CMD:-} ]]; then
    [[ -f $LAUNCHER ]] || die "launcher $LAUNCHER not found"
    [[ -x $LAUNCHER ]] || die "launcher $LAUNCHER is not executable (chmod +x tcpgate)"
    # Fail in seconds rather than after the first workload group if it cannot start.
    if ! version=$(cd "$REPO" && timeout 30 "$LAUNCHER" --version 2>&1); then
        die "'$LAUNCHER --version' failed:
$version"
    fi
    echo "bench/run.sh: tcpgate --version: $version" >&2
    # The harness runs this as `bash -c "exec <cmd>"`, so quote the path.
    # The reference peers run without logging (haproxy.cfg has no log line), so the access log is off.
    PROXY_CMD="env TCPGATE_ACCESS_LOG=OFF $(printf '%q' "$LAUNCHER") run --listen 127.0.0.1:{LISTEN} --backend 127.0.0.1:{BACKEND}"
fi

# ---- 4. the comparison ------------------------------------------------------
export PROXY_NAME=tcpgate PROXY_CMD
export PEERS=${PEERS:-"direct haproxy nginx socat tcpgate"}
export OUT_DIR=${OUT_DIR:-/tmp/peer-bench-$(date +%Y%m%d-%H%M%S)}
REPORT=$OUT_DIR/report.md

echo "bench/run.sh: harness $HARNESS" >&2
echo "bench/run.sh: PEERS='$PEERS' ROUNDS=${ROUNDS:-3} WORKLOADS='${WORKLOADS:-iperf redis idle}' OUT_DIR=$OUT_DIR" >&2
echo "bench/run.sh: PROXY_CMD=$PROXY_CMD" >&2

# Run from the repo root (the launcher may resolve gateway/... relative to it).
# The harness prints the report on stdout at the end; we print it ourselves
# below, after adding the tcpgate details, so its stdout is discarded here.
cd "$REPO"
"$HARNESS/run-peers.sh" >/dev/null &
harness_pid=$!
trap 'kill -TERM "$harness_pid" 2>/dev/null; wait "$harness_pid" 2>/dev/null; exit 130' INT TERM
rc=0
wait "$harness_pid" || rc=$?
trap - INT TERM

[[ -f $REPORT ]] || die "the harness exited with status $rc and wrote no report (output in $OUT_DIR)"

# ---- 5. report --------------------------------------------------------------
{
    echo
    echo "## tcpgate under test"
    echo
    echo "| item | value |"
    echo "|---|---|"
    if [[ -n ${version:-} ]]; then
        echo "| tcpgate --version | $(tr '\n' ' ' <<<"$version") |"
    fi
    echo "| java | $(java -version 2>&1 | head -2 | tr '\n' ' ') |"
    if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
        commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "none yet")
        dirty=$(git --no-optional-locks -C "$REPO" status --porcelain 2>/dev/null | wc -l || true)
        echo "| source | $REPO, commit $commit, $dirty changed/untracked paths |"
    fi
} >>"$REPORT"

echo
echo "Report: $REPORT"
echo
cat "$REPORT"
exit "$rc"
