#!/usr/bin/env bash
# bench/floor/run.sh LISTEN_PORT BACKEND_PORT [EVENT_LOOPS] — runs FloorRelay (see FloorRelay.java) in the
# foreground, compiled against the gateway's Netty jars (gateway/dist/target/lib; build the gateway first).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib=$here/../../gateway/dist/target/lib
[ -d "$lib" ] || { echo "bench/floor: $lib missing: build the gateway first (./tcpgate builds it on first run)" >&2; exit 2; }
cp=$(ls "$lib"/netty-*.jar | tr '\n' ':')
out=$here/target
mkdir -p "$out"
if [ ! -f "$out/FloorRelay.class" ] || [ "$here/FloorRelay.java" -nt "$out/FloorRelay.class" ]; then
  javac -d "$out" -cp "$cp" "$here/FloorRelay.java"
fi
exec java -XX:+UseSerialGC -cp "$cp$out" FloorRelay "$@"
