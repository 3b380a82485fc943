#!/usr/bin/env bash
# Runs the scenarios of docs/benchmarks.md against a fresh embedded gateway each, on ports that do not
# clash with a gateway on the defaults, and keeps each run's JSON report under the results folder.
#
#   tools/LoadTest/scripts/run-scenarios.sh [results-dir] [scenario ...]
#
# Scenarios: ws1k ws10k profile10k ws18k http10k (default: all); ws1k and ws10k end with a config
# push to every agent (one PUT each), profile10k with one profile version rolled out to all 10k;
# restart18k holds 18k agents, restarts the gateway (SIGTERM, start again at once) and times how
# long until all 18k are back (also in the default list, last). Server and load generator share this machine, so their figures include competing for its
# cores. SKIP_BUILD=1 uses the binaries already built; EXTRA_SERVER_ARGS adds gateway settings and
# EXTRA_LOADTEST_ARGS load-generator options (the scenario's own come first; a repeated option wins);
# PORT_OFFSET shifts the ports (default 14320/14321, silo 21111/31000); READY_TO_RUN=composite
# publishes the gateway as the images ship it, self-contained with the app and the framework compiled
# into one composite ReadyToRun image (~4 min to publish here), and runs that; READY_TO_RUN=1 publishes
# it framework-dependent ReadyToRun (the images before the fifteenth session; quicker to publish).
# Every agent comes from this machine's address, so the gateway's per-IP rate limits are turned off
# (a load test is one client by those limits' measure; see docs/operations.md, Limits).
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$(pwd)
results=${1:-/tmp/fleet-loadtest}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(ws1k ws10k profile10k ws18k http10k restart18k)
mkdir -p "$results"

# READY_TO_RUN=composite or 1 runs the gateway published (results/publish) instead of the Release build.
gateway_dir="$repo/src/Gateway/bin/Release/net10.0"
ready_to_run=${READY_TO_RUN:-0}
[ "$ready_to_run" != 0 ] && gateway_dir="$results/publish/gateway"
if [ -z "${SKIP_BUILD:-}" ]; then
  # The SDK's incremental ReadyToRun step misses a switch between composite and per-assembly publishes
  # in the same obj folder (it reused assemblies compiled for the other kind, and the gateway aborted
  # at start): compile afresh.
  [ "$ready_to_run" != 0 ] && rm -rf src/Gateway/obj/Release/net10.0/linux-x64/R2R
  if [ "$ready_to_run" = composite ]; then
    dotnet publish src/Gateway -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true \
      -p:PublishReadyToRunComposite=true -o "$gateway_dir" -v quiet -nologo >/dev/null
  elif [ "$ready_to_run" = 1 ]; then
    dotnet publish src/Gateway -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o "$gateway_dir" -v quiet -nologo >/dev/null
  else
    dotnet build -c Release src/Gateway -v quiet -nologo >/dev/null
  fi
  dotnet build -c Release tools/LoadTest -v quiet -nologo >/dev/null
fi
loadtest="$repo/tools/LoadTest/bin/Release/net10.0/Fleet.LoadTest"

# PORT_OFFSET moves every port, so two runs (or a run beside a test gateway) do not collide.
offset=${PORT_OFFSET:-0}
opamp_port=$((14320 + offset))
api_port=$((14321 + offset))
silo_port=$((21111 + offset))
silo_gateway_port=$((31000 + offset))
server_pid=""

start_server() {
  # The built executable from its own folder (so appsettings.json is found), giving this script
  # the server's own PID to sample and to stop.
  (cd "$gateway_dir" && exec ./Fleet.Gateway \
    --Fleet:Gateway:ListenAddress=127.0.0.1 \
    --Fleet:Gateway:OpAmpPort=$opamp_port --Fleet:Gateway:ManagementPort=$api_port \
    --Fleet:Orleans:SiloPort=$silo_port --Fleet:Orleans:GatewayPort=$silo_gateway_port \
    --Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=0 --Fleet:Gateway:Limits:ApiRequestsPerSecondPerIp=0 \
    ${EXTRA_SERVER_ARGS:-}) >> "$results/server-$scenario.log" 2>&1 &
  server_pid=$!
  # restart18k's report follows the restarted gateway through this file.
  echo "$server_pid" > "$results/server.pid"
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "the gateway did not become ready (see $results/server-$scenario.log)" >&2
  return 1
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap stop_server EXIT

run() {
  echo "== $scenario: $*" >&2
  "$loadtest" --url "ws://127.0.0.1:$opamp_port/v1/opamp" --api "http://127.0.0.1:$api_port" \
    --server-pid "$server_pid" --json "$@" ${EXTRA_LOADTEST_ARGS:-} > "$results/$scenario.json" 2> "$results/$scenario.progress.txt"
  tail -n 3 "$results/$scenario.progress.txt" >&2
}

online() { # the generator's last "online N/M" count
  grep -o 'online [0-9,]*/' "$results/$scenario.progress.txt" 2>/dev/null | tail -n 1 | tr -dc '0-9'
}

wait_online() { # count, timeout seconds
  for _ in $(seq $(($2 * 5))); do [ "$(online)" = "$1" ] && return 0; sleep 0.2; done
  return 1
}

restart() {
  echo "== $scenario: 18k held, gateway restarted" >&2
  "$loadtest" --url "ws://127.0.0.1:$opamp_port/v1/opamp" --server-pid-file "$results/server.pid" --json \
    --agents 18000 --workers 2 --source-addresses 127.0.0.2-127.0.0.3 --duration 150s --settle 5s \
    --reconnect-min 1s --reconnect-max 10s > "$results/$scenario.json" 2> "$results/$scenario.progress.txt" &
  local generator=$!
  wait_online 18000 120 || { echo "not all 18k online before the restart" >&2; kill $generator; return 1; }
  local before; before=$(date +%s.%N)
  stop_server
  local exited; exited=$(date +%s.%N)
  start_server
  local started; started=$(date +%s.%N)
  sleep 1
  if wait_online 18000 120; then
    local back; back=$(date +%s.%N)
    printf 'restart18k: old gateway exited %.1f s after SIGTERM, new one ready %.1f s later; all 18,000 back %.1f s after SIGTERM\n' \
      "$(echo "$exited - $before" | bc)" "$(echo "$started - $exited" | bc)" "$(echo "$back - $before" | bc)" | tee "$results/$scenario.txt" >&2
  else
    echo "restart18k: only $(online) of 18,000 back within 120 s" | tee "$results/$scenario.txt" >&2
  fi
  wait $generator || true
}

for scenario in "${scenarios[@]}"; do
  : > "$results/server-$scenario.log" # restart18k appends the restarted gateway's log to the first's
  start_server
  case "$scenario" in
    ws1k)    run --agents 1000 --duration 30s --push-config ;;
    ws10k)   run --agents 10000 --duration 60s --push-config ;;
    profile10k) run --agents 10000 --duration 20s --push-profile bench ;;
    # 18k sockets: the generator splits over two processes (each < 20k open files) and two source addresses.
    ws18k)   run --agents 18000 --workers 2 --source-addresses 127.0.0.2-127.0.0.3 --duration 60s ;;
    # Two generator processes: one process's own young collections at 10k keep-alive HTTP clients
    # (~15 ms each) were measured as request latency (p99 12.6 / 13.0 ms with one, 7.9 / 8.6 with two).
    http10k) run --agents 10000 --workers 2 --transport http --duration 60s ;;
    restart18k) restart ;;
    *) echo "unknown scenario $scenario" >&2 ;;
  esac
  stop_server
done
echo "reports in $results" >&2
