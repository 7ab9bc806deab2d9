#!/usr/bin/env bash
# bench/churn-ab.sh — CPU per connection of two tcpgate builds (or two JVM flag sets) on a fresh JVM,
# interleaved, so a change to the connection path can be judged beside its parent in one sitting.
#
#   bench/churn-ab.sh /path/to/checkout-A /path/to/checkout-B     # 4 rounds, each: A then B
#   ROUNDS=6 bench/churn-ab.sh A B
#   JAVA_OPTS_B="-XX:TieredStopAtLevel=1" bench/churn-ab.sh . .    # one build, two flag sets
#
# Each checkout must be built (gateway/dist/target/lib present; `mvn -B -q -DskipTests package`).
# One run: redis-server on 127.0.0.1:$REDIS_PORT (default 26379, started once), a fresh
#   <checkout>/tcpgate run --listen 127.0.0.1:$PORT --backend 127.0.0.1:$REDIS_PORT
# (access log off, no class-data archive), then one
#   redis-benchmark -k 0 -c 20 -n $CONNECTIONS -t ping_inline       (CONNECTIONS default 20000)
# which opens a new connection per request; the figures are that run's rate (conn/s) and the gateway
# process's CPU (user + system, /proc/PID/stat) over it divided by CONNECTIONS (µs per connection), and
# the JVM's total C2 compile time (-XX:+CITime, its whole life). Then SIGTERM. Run it on an idle
# machine: everything shares the cores. Needs redis-server and redis-benchmark (bench/install-peers.sh).
set -euo pipefail

die() { echo "bench/churn-ab.sh: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: bench/churn-ab.sh CHECKOUT_A CHECKOUT_B (see the header of this script)"
ROUNDS=${ROUNDS:-4}
CONNECTIONS=${CONNECTIONS:-20000}
PORT=${PORT:-26380}
REDIS_PORT=${REDIS_PORT:-26379}
for c in "$1" "$2"; do
  [[ -x $c/tcpgate && -d $c/gateway/dist/target/lib ]] || die "$c: not a built tcpgate checkout (gateway/dist/target/lib missing)"
done
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || die "redis-server and redis-benchmark are needed (bench/install-peers.sh)"

WORK=$(mktemp -d)
GW_PID=
cleanup() {
  [[ -n $GW_PID ]] && kill "$GW_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" >/dev/null

port_open() { python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# one_run LABEL CHECKOUT JAVA_OPTS
one_run() {
  local label=$1 dir=$2 opts=$3 log="$WORK/gw.log"
  TCPGATE_ACCESS_LOG=OFF TCPGATE_CDS=off JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+CITime $opts" \
    "$dir/tcpgate" run --listen "127.0.0.1:$PORT" --backend "127.0.0.1:$REDIS_PORT" >"$log" 2>&1 &
  local launcher=$!
  for _ in $(seq 1 300); do port_open && break; sleep 0.1; done
  port_open || die "$label: the gateway did not listen on $PORT within 30 s (log: $(tail -3 "$log"))"
  GW_PID=$(pgrep -f "io.tcpgate.dist.Main run --listen 127.0.0.1:$PORT " | head -1)
  local hz t0 t1 rate
  hz=$(getconf CLK_TCK)
  t0=$(cpu_ticks "$GW_PID")
  rate=$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$PORT" -k 0 -c 20 -n "$CONNECTIONS" -t ping_inline -q 2>/dev/null \
    | tr '\r' '\n' | grep -a 'requests per second' | tail -1 | awk '{print $2}')
  t1=$(cpu_ticks "$GW_PID")
  kill "$GW_PID"
  wait "$launcher" 2>/dev/null || true
  GW_PID=
  local c2
  c2=$(grep -o 'C2 Compile Time: *[0-9.]* s' "$log" | awk '{print $4}')
  printf '%-2s %-40s %10s conn/s %6d us/conn  C2 %s s\n' "$label" "$dir" "${rate:-?}" \
    $(( (t1 - t0) * 1000000 / hz / CONNECTIONS )) "${c2:-?}"
}

echo "churn A/B: $ROUNDS rounds of $CONNECTIONS connections each, A then B"
for r in $(seq 1 "$ROUNDS"); do
  one_run A "$1" "${JAVA_OPTS_A:-}"
  one_run B "$2" "${JAVA_OPTS_B:-}"
done
