#!/usr/bin/env bash
# bench/startup.sh — how long tcpgate takes from launch to its first relayed byte.
#
#   bench/startup.sh                     # 10 runs with $JAVA_OPTS as set (or none)
#   RUNS=20 bench/startup.sh
#   JAVA_OPTS="-XX:TieredStopAtLevel=1" bench/startup.sh
#   bench/startup.sh --compare           # several JVM option sets, interleaved, one table
#
# What one run measures: a tiny echo backend listens on a free loopback port
# (started once, before the runs); the script launches
#   ./tcpgate run --listen 127.0.0.1:PORT --backend 127.0.0.1:PORT2
# on a fresh free PORT, and a client tries every 5 ms to connect to PORT, send
# one byte and read it back (each try bounded by 2 s, the whole run by
# TIMEOUT seconds, default 30). The figure is the wall time from just before
# the launch to that byte coming back: JVM start, config, Vert.x, listener,
# the first accept, the first backend connect and one relay each way. Then the
# client closes, the gateway gets SIGTERM and the script waits for it to exit
# (also timed, "stop"; SIGKILL after TIMEOUT seconds). It prints each run, then
# median, min and max in ms, and the median of "port open" (when the first TCP
# connect succeeded: the rest of "first byte back" is the first connection's
# accept, backend connect and relay). The access log is off (TCPGATE_ACCESS_LOG=OFF).
#
# --compare runs RUNS rounds of these JAVA_OPTS sets, one run of each per round
# (so a disturbance hits them all alike), and prints one table:
#   default        JAVA_OPTS as set in the environment (usually none), without the
#                  launcher's own archive (TCPGATE_CDS=off in every --compare run)
#   no CDS         -Xshare:off (what the JDK's default class-data archive saves)
#   C1 only        -XX:TieredStopAtLevel=1
#   AppCDS         -XX:SharedArchiveFile=<OUT_DIR>/tcpgate.jsa; the archive is
#                  made first by one run with -XX:ArchiveClassesAtExit (JDK 17
#                  has no -XX:+AutoCreateSharedArchive; that is JDK 19+)
#   AppCDS + C1    both
# An archive is tied to the exact jars it was made from: rebuilding the
# gateway makes it unusable (the JVM then runs without it), so --compare
# always makes a new one.
#
# Settings (environment): RUNS (default 10), TIMEOUT (s, default 30), OUT_DIR
# (default /tmp/tcpgate-startup-<time>; gateway logs and the archive go there),
# SKIP_BUILD=1 (do not build when gateway/dist/target is missing), JAVA_OPTS.
# Needs bash, python3 and java; builds with mvn when the distribution is missing.
set -euo pipefail

die() { echo "bench/startup.sh: $*" >&2; exit 1; }

COMPARE=0
case ${1:-} in
-h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
--compare) COMPARE=1 ;;
"") ;;
*) die "unknown argument '$1' (settings are environment variables; see --help)" ;;
esac
[[ $# -le 1 ]] || die "at most one argument (--compare)"

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
LAUNCHER=$REPO/tcpgate
command -v python3 >/dev/null || die "python3 is needed"
command -v java >/dev/null || die "java is needed"
[[ -x $LAUNCHER ]] || die "launcher $LAUNCHER not found or not executable"

# ---- the gateway (built here, so that no run times a build) ------------------
LIB_DIR=$REPO/gateway/dist/target/lib
DIST_JAR=$REPO/gateway/dist/target/tcpgate.jar
if [[ (! -d $LIB_DIR || ! -f $DIST_JAR) ]]; then
    [[ ${SKIP_BUILD:-0} != 1 ]] || die "$LIB_DIR or $DIST_JAR is missing and SKIP_BUILD=1"
    command -v mvn >/dev/null || die "$LIB_DIR does not exist and mvn is not installed to build it"
    echo "bench/startup.sh: building: (cd $REPO && mvn -B -q -DskipTests package)" >&2
    (cd "$REPO" && mvn -B -q -DskipTests package) || die "build failed"
fi

RUNS=${RUNS:-10}
TIMEOUT=${TIMEOUT:-30}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, got '$RUNS'"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "TIMEOUT must be a positive whole number of seconds, got '$TIMEOUT'"
OUT_DIR=${OUT_DIR:-/tmp/tcpgate-startup-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT_DIR"

export LAUNCHER REPO RUNS TIMEOUT OUT_DIR COMPARE
export BASE_JAVA_OPTS=${JAVA_OPTS:-}
exec python3 - <<'PY'
import os, signal, socket, socketserver, statistics, subprocess, sys, threading, time

LAUNCHER = os.environ["LAUNCHER"]
RUNS = int(os.environ["RUNS"])
TIMEOUT = float(os.environ["TIMEOUT"])
OUT_DIR = os.environ["OUT_DIR"]
BASE = os.environ.get("BASE_JAVA_OPTS", "").strip()
ARCHIVE = os.path.join(OUT_DIR, "tcpgate.jsa")


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            self.request.sendall(data)


class EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_echo(port, deadline):
    """Tries every 5 ms until one byte round-trips through PORT; returns when the port first accepted a
    connection and when the byte came back (None, None after the deadline)."""
    accepted = None
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as c:
                if accepted is None:
                    accepted = time.monotonic()
                c.settimeout(2)
                c.sendall(b"x")
                if c.recv(1) == b"x":
                    return accepted, time.monotonic()
        except OSError:
            pass  # not listening yet, or closed before the echo: try again
        time.sleep(0.005)
    return accepted, None


def one_run(label, opts, backend_port, index):
    port = free_port()
    env = dict(os.environ, JAVA_OPTS=opts, TCPGATE_ACCESS_LOG="OFF")
    if os.environ["COMPARE"] == "1":
        env["TCPGATE_CDS"] = "off"  # the variants bring their own archive, or none
    log_path = os.path.join(OUT_DIR, "%s-%02d.log" % (label.replace(" ", "_").replace("+", "and"), index))
    with open(log_path, "wb") as log:
        start = time.monotonic()
        proc = subprocess.Popen(
            [LAUNCHER, "run", "--listen", "127.0.0.1:%d" % port, "--backend", "127.0.0.1:%d" % backend_port],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=os.path.dirname(LAUNCHER))
        accepted, got = first_echo(port, start + TIMEOUT)
        stop_start = time.monotonic()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=TIMEOUT)
            stop_ms = (time.monotonic() - stop_start) * 1000
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            stop_ms = None
    if got is None:
        sys.exit("bench/startup.sh: %s run %d: no byte came back through 127.0.0.1:%d within %g s (exit %s); log: %s"
                 % (label, index, port, TIMEOUT, proc.returncode, log_path))
    return (got - start) * 1000, (accepted - start) * 1000, stop_ms, log_path


def summary(xs):
    return statistics.median(xs), min(xs), max(xs)


def fmt(x):
    return "-" if x is None else "%.0f" % x


backend = EchoServer(("127.0.0.1", 0), Echo)
threading.Thread(target=backend.serve_forever, daemon=True).start()
backend_port = backend.server_address[1]

java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
print("bench/startup.sh: %s; %d core(s); RUNS=%d; logs in %s" % (java[0] if java else "java ?", os.cpu_count(), RUNS, OUT_DIR), flush=True)

if os.environ["COMPARE"] != "1":
    variants = [("default", BASE)]
else:
    def with_base(extra):
        return (BASE + " " + extra).strip()
    print("bench/startup.sh: making the AppCDS archive (one run with -XX:ArchiveClassesAtExit) ...", flush=True)
    if os.path.exists(ARCHIVE):
        os.remove(ARCHIVE)
    _, _, _, log_path = one_run("archive", with_base("-XX:ArchiveClassesAtExit=" + ARCHIVE), backend_port, 0)
    if not os.path.exists(ARCHIVE):
        sys.exit("bench/startup.sh: the JVM wrote no archive at %s (see %s)" % (ARCHIVE, log_path))
    print("bench/startup.sh: archive %s, %.1f MiB" % (ARCHIVE, os.path.getsize(ARCHIVE) / 2**20), flush=True)
    variants = [
        ("default", BASE),
        ("no CDS", with_base("-Xshare:off")),
        ("C1 only", with_base("-XX:TieredStopAtLevel=1")),
        ("AppCDS", with_base("-XX:SharedArchiveFile=" + ARCHIVE)),
        ("AppCDS + C1", with_base("-XX:SharedArchiveFile=" + ARCHIVE + " -XX:TieredStopAtLevel=1")),
    ]

results = {label: ([], [], []) for label, _ in variants}
for i in range(1, RUNS + 1):
    for label, opts in variants:
        ready, accepted, stop, _ = one_run(label, opts, backend_port, i)
        results[label][0].append(ready)
        results[label][1].append(accepted)
        if stop is not None:
            results[label][2].append(stop)
        print("run %2d  %-12s port open %6.0f ms   first byte back %6.0f ms   stop %s ms"
              % (i, label, accepted, ready, fmt(stop)), flush=True)

print()
print("| variant | JAVA_OPTS | runs | first byte back, median ms | min | max | port open, median ms | stop, median ms |")
print("|---|---|---|---|---|---|---|---|")
for label, opts in variants:
    ready, accepted, stops = results[label]
    med, lo, hi = summary(ready)
    shown = opts.replace(ARCHIVE, "tcpgate.jsa") if opts else "(none)"
    print("| %s | `%s` | %d | %.0f | %.0f | %.0f | %.0f | %s |"
          % (label, shown, len(ready), med, lo, hi, statistics.median(accepted),
             fmt(statistics.median(stops)) if stops else "-"))
if len(variants) > 1:
    base = statistics.median(results["default"][0])
    print()
    for label, _ in variants[1:]:
        m = statistics.median(results[label][0])
        print("%-12s median %+.0f ms against default (%+.0f %%)" % (label, m - base, (m - base) / base * 100))
backend.shutdown()
PY
