#!/usr/bin/env bash
# install-peers.sh — install the reference proxies and load tools that the
# side-by-side benchmark harness needs (HAProxy, nginx + stream module, socat,
# iperf3, redis-server, redis-benchmark).  Idempotent: does nothing when all
# packages are already installed.  Debian/Ubuntu only (apt-get); needs root.
set -euo pipefail

PACKAGES=(haproxy nginx libnginx-mod-stream socat iperf3 redis-server redis-tools)

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ $status == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    echo "install-peers: all packages already installed (${PACKAGES[*]})"
    exit 0
fi

command -v apt-get >/dev/null || { echo "install-peers: apt-get not found; install ${missing[*]} by hand" >&2; exit 1; }
SUDO=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "install-peers: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
fi

echo "install-peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${PACKAGES[@]}"
