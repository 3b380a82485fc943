#!/usr/bin/env bash
# The cluster-mode load test of docs/benchmarks.md: a local cluster (scripts/cluster.sh: Redis, two
# silos, FLEET_GATEWAYS gateways as Orleans clients) and the load generator spreading its agents
# round-robin over every gateway directly, one worker process and one loopback source address per
# gateway (each process stays under the 20,000 open-file limit; each address has ~28k ports).
#
#   tools/LoadTest/scripts/run-cluster.sh [results-dir] [agents] [extra load-test options ...]
#
# Defaults: 100000 agents over 6 gateways, ramp 100 agents/s, heartbeat 120 s, held 60 s. The
# cluster is stopped at the end (KEEP_CLUSTER=1 leaves it running); its logs stay in the results folder.
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$(pwd)
results=${1:-/tmp/fleet-cluster-loadtest}
agents=${2:-100000}
shift 2 || shift $# || true
mkdir -p "$results"
ulimit -n 20000

export FLEET_CLUSTER_DIR="$results/cluster" FLEET_PORT_BASE=${FLEET_PORT_BASE:-6320} FLEET_GATEWAYS=${FLEET_GATEWAYS:-6}
export FLEET_HEARTBEAT=${FLEET_HEARTBEAT:-00:02:00}
# Precompiled (ReadyToRun) silos and gateways, like the images (which also precompile the framework): a cold cluster's first agents do
# not wait seconds for the JIT of nine processes at once.
export FLEET_READY_TO_RUN=${FLEET_READY_TO_RUN:-1}
# FLEET_WORKSTATION_GC=1 tries the workstation GC (both GCs paused the silos for 2–3 s near 50k
# agents here; the server GC, the default, got further: docs/benchmarks.md).
export FLEET_WORKSTATION_GC=${FLEET_WORKSTATION_GC:-0}
# Redis rewrites its append-only file each time it doubles (from 64 MB): a forked child that took
# 70 s at ~100 MB here, on a box whose two cores the cluster and the generator already
# use up. A Redis of its own (a Kubernetes node, a managed service) has that core; here the rewrite
# waits until the file reaches 2 GB, past any run, so it does not land in the middle of a measurement.
export FLEET_REDIS_ARGS="--auto-aof-rewrite-min-size 2gb ${FLEET_REDIS_ARGS:-}"
# Every agent comes from this machine: the per-IP limits would throttle the whole run as one client.
export FLEET_GATEWAY_ARGS="--Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=0 --Fleet:Gateway:Limits:ApiRequestsPerSecondPerIp=0 --Logging:LogLevel:Default=Warning ${FLEET_GATEWAY_ARGS:-}"
base=$FLEET_PORT_BASE
gateways=$FLEET_GATEWAYS

[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release tools/LoadTest -v quiet -nologo >/dev/null
stop_cluster() { [ -n "${KEEP_CLUSTER:-}" ] || bash scripts/cluster.sh stop >/dev/null 2>&1 || true; }
trap stop_cluster EXIT
bash scripts/cluster.sh start >&2

urls=() pids=()
for n in $(seq 1 "$gateways"); do
  if [ "$n" -le 2 ]; then port=$((base + 8 + 2 * n)); else port=$((base + 40 + 2 * n)); fi
  urls+=(--url "ws://127.0.0.1:$port/v1/opamp")
done
for name in redis silo1 silo2 $(seq -f 'gateway%g' 1 "$gateways"); do
  pids+=(--server-pid-file "$FLEET_CLUSTER_DIR/$name.pid")
done

# 100 new agents a second: at 150 the box (two cores for six gateways, two silos, Redis and the
# generator) ran out of CPU near 87k while still ramping, and the silos' collections stalled for
# seconds (docs/benchmarks.md); holding 100k takes about half of it.
echo "== $agents agents over $gateways gateways" >&2
"$repo/tools/LoadTest/bin/Release/net10.0/Fleet.LoadTest" --agents "$agents" --workers "$gateways" \
  --source-addresses "127.0.0.2-127.0.0.$((gateways + 1))" "${urls[@]}" "${pids[@]}" \
  --api "http://127.0.0.1:$((base + 11))" \
  --ramp "${FLEET_RAMP:-100}" --heartbeat 120s --connect-timeout 1200s --settle 10s --duration 60s --reconnect-min 2s \
  --json "$@" > "$results/cluster-$agents.json" 2> "$results/cluster-$agents.progress.txt"
tail -n 3 "$results/cluster-$agents.progress.txt" >&2
echo "report: $results/cluster-$agents.json" >&2
