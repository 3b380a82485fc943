#!/usr/bin/env bash
# A gateway restart as operators meet it (docs/benchmarks.md, the cluster restart row): a local
# cluster (scripts/cluster.sh: Redis, two silos, two gateways behind nginx), AGENTS agents connected
# through nginx, then gateway1 restarted (SIGTERM: it drains, closing its sockets over the drain
# window; then started again). Its agents reconnect through nginx to a gateway that is up; their
# grains stay active in the silos. Prints how long until every agent is back, and the fleet's own
# count of connected agents through the API before and after (0 lost: both equal AGENTS).
#
#   tools/LoadTest/scripts/run-cluster-restart.sh [results-dir] [agents] [extra load-test options ...]
#
# Defaults: 18000 agents (two generator processes, two source addresses) connected at 500/s first,
# heartbeat 30 s; the generator reconnects after 1–10 s (backoff, as in the embedded restart row).
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$(pwd)
results=${1:-/tmp/fleet-cluster-restart}
agents=${2:-18000}
shift 2 || shift $# || true
mkdir -p "$results"
ulimit -n 20000

export FLEET_CLUSTER_DIR="$results/cluster" FLEET_PORT_BASE=${FLEET_PORT_BASE:-7320} FLEET_GATEWAYS=2
export FLEET_READY_TO_RUN=${FLEET_READY_TO_RUN:-1}
# Every proxied WebSocket holds two of an nginx worker's files; four workers keep each well under
# the 20,000-file limit.
export FLEET_NGINX_WORKERS=${FLEET_NGINX_WORKERS:-4}
export FLEET_REDIS_ARGS="--auto-aof-rewrite-min-size 2gb ${FLEET_REDIS_ARGS:-}"
export FLEET_GATEWAY_ARGS="--Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=0 --Fleet:Gateway:Limits:ApiRequestsPerSecondPerIp=0 --Logging:LogLevel:Default=Warning ${FLEET_GATEWAY_ARGS:-}"
base=$FLEET_PORT_BASE
api="http://127.0.0.1:$((base + 1))"

[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release tools/LoadTest -v quiet -nologo >/dev/null
generator=""
finish() {
  [ -n "$generator" ] && kill "$generator" 2>/dev/null || true
  [ -n "${KEEP_CLUSTER:-}" ] || bash scripts/cluster.sh stop >/dev/null 2>&1 || true
}
trap finish EXIT
bash scripts/cluster.sh start >&2

progress="$results/restart-$agents.progress.txt"
online() { grep -o 'online [0-9,]*/' "$progress" 2>/dev/null | tail -n 1 | tr -dc '0-9'; }
wait_online() { # count, timeout seconds
  for _ in $(seq $(($2 * 5))); do [ "$(online)" = "$1" ] && return 0; sleep 0.2; done
  return 1
}
connected() { # the fleet's own count, through the API (nginx → a gateway → the silos)
  curl -fsS "$api/api/agents/overview" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("connected", "?"))'
}
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

pids=()
# PID files, not PIDs: cluster.sh rewrites a restarted gateway's, and the report follows it.
for name in redis silo1 silo2 gateway1 gateway2; do pids+=(--server-pid-file "$FLEET_CLUSTER_DIR/$name.pid"); done
echo "== $agents agents through nginx, gateway1 restarted" >&2
"$repo/tools/LoadTest/bin/Release/net10.0/Fleet.LoadTest" --url "ws://127.0.0.1:$base/v1/opamp" --api "$api" \
  --agents "$agents" --workers 2 --source-addresses 127.0.0.2-127.0.0.3 "${pids[@]}" \
  --ramp 500 --duration 600s --settle 5s --reconnect-min 1s --reconnect-max 10s \
  --json "$@" > "$results/restart-$agents.json" 2> "$progress" &
generator=$!
wait_online "$agents" 300 || { echo "not all $agents online before the restart (see $progress)" >&2; exit 1; }
sleep 5
before_count=$(connected)
started=$(now)
echo "$(date +%T) SIGTERM to gateway1" >&2
# The restart runs beside the measurement: with a load balancer, agents need not wait for it.
( bash scripts/cluster.sh stop gateway1 >&2; since "$started" > "$results/exited"
  bash scripts/cluster.sh start gateway1 >&2; since "$started" > "$results/ready" ) &
restarting=$!
# Back means: the drain's closes were seen (online dropped), then every agent online again.
for _ in $(seq 150); do [ "$(online)" != "$agents" ] && break; sleep 0.2; done
if wait_online "$agents" 120; then
  back=$(since "$started")
  wait "$restarting"
  sleep 5
  printf 'cluster restart: %s agents; all back %.1f s after SIGTERM; gateway1 exited after %.1f s and was ready again after %.1f s; connected (API) %s before, %s after\n' \
    "$agents" "$back" "$(cat "$results/exited")" "$(cat "$results/ready")" "$before_count" "$(connected)" | tee "$results/restart-$agents.txt" >&2
else
  wait "$restarting"
  echo "cluster restart: only $(online) of $agents back within 120 s" | tee "$results/restart-$agents.txt" >&2
fi
kill -TERM "$generator" 2>/dev/null || true
wait "$generator" || true
generator=""
tail -n 3 "$progress" >&2
