#!/usr/bin/env bash
# bench/idle-bulk.sh — one bulk stream through tcpgate while many idle connections are held open
# through it (issue row "10,000 concurrent idle connections + 1 bulk stream").
#
#   bench/idle-bulk.sh                    IDLE=10000 ROUNDS=3 SECS=8
#   IDLE=5000 ROUNDS=5 bench/idle-bulk.sh
#
# One gateway with two routes: `bulk` to an iperf3 server, `idle` to a backend that accepts, holds, and
# closes a connection once the client's FIN reaches it (so each round starts with no connection left).
# Each round runs iperf3 (1 stream, SECS seconds) through `bulk` twice: alone, then with IDLE
# connections held open through `idle` (each relayed to its own backend connection). Prints the
# median throughput of both, their ratio, min-max, and the gateway's RSS growth per idle connection.
# Needs iperf3 and python3 (bench/install-peers.sh installs iperf3); builds the gateway if needed.
set -euo pipefail
IDLE=${IDLE:-10000}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-8}
BASE=${PORT_BASE:-18400}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT_DIR:-/tmp/idle-bulk-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
command -v iperf3 >/dev/null || "$REPO/bench/install-peers.sh"
[[ -f $REPO/gateway/dist/target/tcpgate.jar ]] || (cd "$REPO" && mvn -B -q -DskipTests package)
# the gateway holds two sockets per idle connection
need=$((2 * IDLE + 500)); hard=$(ulimit -Hn)
if [[ $hard != unlimited ]] && (( hard < need )); then
  echo "bench/idle-bulk.sh: IDLE=$IDLE needs $need open files per process; the hard limit here is $hard (IDLE=$(( (hard - 500) / 2 )) at most)" >&2
  exit 2
fi
ulimit -n "$need"

L_BULK=$BASE; L_IDLE=$((BASE + 1)); B_BULK=$((BASE + 2)); B_IDLE=$((BASE + 3))
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

iperf3 -s -p "$B_BULK" >"$OUT/iperf3-server.log" 2>&1 & PIDS+=($!)
python3 - "$B_IDLE" >"$OUT/holder-backend.log" 2>&1 <<'PY' & PIDS+=($!)
import selectors, socket, sys
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1]))); ls.listen(8192); ls.setblocking(False)
sel = selectors.DefaultSelector(); sel.register(ls, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        if key.fileobj is ls:
            while True:
                try:
                    c, _ = ls.accept()
                except BlockingIOError:
                    break
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ)
        else:  # held until the gateway relays the client's FIN; closed then, so the next round starts clean
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = b""
            if not data:
                sel.unregister(key.fileobj)
                key.fileobj.close()
PY
cat >"$OUT/tcpgate.yaml" <<YAML
admin: { enabled: false }
routes:
  - { name: bulk, listen: "127.0.0.1:$L_BULK", backends: [ "127.0.0.1:$B_BULK" ] }
  - { name: idle, listen: "127.0.0.1:$L_IDLE", backends: [ "127.0.0.1:$B_IDLE" ] }
YAML
TCPGATE_ACCESS_LOG=OFF "$REPO/tcpgate" run -c "$OUT/tcpgate.yaml" >"$OUT/tcpgate.log" 2>&1 & GW=$!; PIDS+=($GW)
for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$L_IDLE) 2>/dev/null && break; sleep 0.1; done
GW_JAVA=$(pgrep -P "$GW" java || echo "$GW")
rss() { awk '/VmRSS/ {print $2}' "/proc/$GW_JAVA/status"; }

bulk() { iperf3 -c 127.0.0.1 -p "$L_BULK" -t "$SECS" -O 1 -J | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])'; }

# opens $IDLE connections through the idle route, prints READY, holds them until its stdin closes
cat >"$OUT/hold.py" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
print("READY", flush=True)
sys.stdin.read()
PY

bulk >/dev/null   # warm-up
echo "round alone_gbps with_idle_gbps rss_growth_kib_per_idle" >"$OUT/results.txt"
for r in $(seq 1 "$ROUNDS"); do
  alone=$(bulk)
  r0=$(rss)
  coproc HOLD { python3 "$OUT/hold.py" "$L_IDLE" "$IDLE"; }
  read -r ready <&"${HOLD[0]}"
  [[ $ready == READY ]] || { echo "holder failed" >&2; exit 1; }
  sleep 2   # let the gateway finish connecting the idle connections' backend sides
  r1=$(rss)
  with=$(bulk)
  hold_in=${HOLD[1]}; hold_pid=$HOLD_PID
  eval "exec $hold_in>&-"; wait "$hold_pid" 2>/dev/null || true
  echo "$r $alone $with $(( (r1 - r0) * 100 / IDLE ))" >>"$OUT/results.txt"
done
python3 - "$OUT/results.txt" "$IDLE" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:]]
alone = [float(r[1]) / 1e9 for r in rows]; withi = [float(r[2]) / 1e9 for r in rows]
ratio = [w / a for a, w in zip(alone, withi)]
print(f"1 bulk stream through tcpgate, {len(rows)} rounds, {sys.argv[2]} idle connections held in the second run of each round")
print(f"| | median Gbit/s | min-max |")
print(f"|---|---|---|")
print(f"| alone | {st.median(alone):.2f} | {min(alone):.2f}-{max(alone):.2f} |")
print(f"| with {sys.argv[2]} idle | {st.median(withi):.2f} | {min(withi):.2f}-{max(withi):.2f} |")
print(f"| ratio | x{st.median(ratio):.2f} | x{min(ratio):.2f}-x{max(ratio):.2f} |")
kib = [int(r[3]) / 100 for r in rows]
print(f"gateway RSS growth while holding them: median {st.median(kib):.2f} KiB per idle connection (VmRSS, no GC forced)")
PY
echo "raw: $OUT/results.txt"
