#!/usr/bin/env bash
# A local Fleet cluster on loopback: redis-server, two silos, two gateways (Orleans cluster clients)
# and nginx as the load balancer in front of the gateways.
#
#   scripts/cluster.sh start            build (Release) and start everything; prints the endpoints
#   scripts/cluster.sh stop             stop everything this script started (by PID file)
#   scripts/cluster.sh status           what runs, and readiness
#   scripts/cluster.sh start NAME       start one component: redis silo1 silo2 gateway1 gateway2 nginx
#   scripts/cluster.sh stop NAME        stop one (SIGTERM: gateways drain)
#   scripts/cluster.sh kill NAME        SIGKILL one (fault drills)
#
# Environment: FLEET_CLUSTER_DIR (default .cluster) holds logs, PID files, Redis data, nginx config;
# FLEET_PORT_BASE (default 4320) — OpAMP through nginx on BASE, API on BASE+1; gateways on
# BASE+10..13, silo health on BASE+20..21, Redis on BASE+30, silo ports on 11000+BASE…;
# FLEET_BUILD=0 skips the build, FLEET_CONFIGURATION picks Release (default) or Debug binaries;
# FLEET_DRAIN (default 00:00:05) is the gateways' drain window; FLEET_HEARTBEAT (default 00:00:30)
# the heartbeat/poll interval offered to agents; FLEET_QUIET_CHECK (default: the offline window) how often
# the gateway of an agent without heartbeats is asked whether it still holds the socket; FLEET_GATEWAYS (default 2) how many gateways start
# (gateway3 and up listen on BASE+40+2n / +41+2n, for large load tests against each gateway directly);
# FLEET_READY_TO_RUN=1 publishes silo and gateway ReadyToRun (precompiled; the images also compile the framework in, composite)
# into FLEET_CLUSTER_DIR/publish and runs those: a cold cluster answers its first agents without
# waiting for the JIT (load tests); FLEET_WORKSTATION_GC=1 runs them with the workstation GC (many
# processes sharing a few cores: server GC's pauses grow to seconds there); FLEET_REDIS_ARGS adds
# redis-server settings; FLEET_NGINX_WORKERS (default 1) nginx worker processes (a proxied WebSocket
# takes two of a worker's 16,384 connections: one worker carries ~8k agents); FLEET_GATEWAY_ARGS adds
# gateway settings, e.g. for a load test from one address: --Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=0 (see docs/operations.md, Limits).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=${FLEET_CLUSTER_DIR:-$root/.cluster}
base=${FLEET_PORT_BASE:-4320}
config=${FLEET_CONFIGURATION:-Release}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

redis_port=$((base + 30))
redis="127.0.0.1:$redis_port"
cluster_id="local-$base"

gateways=${FLEET_GATEWAYS:-2}
gateway_names=$(seq -f 'gateway%g' 1 "$gateways" | tr '\n' ' ')
# OpAMP port of gateway n (its management port is the next one).
gateway_port() { if [ "$1" -le 2 ]; then echo $((base + 8 + 2 * $1)); else echo $((base + 40 + 2 * $1)); fi; }

# The silo's or gateway's entry assembly: published ReadyToRun, or the build output.
app_dll() { # Silo|Gateway
  if [ "${FLEET_READY_TO_RUN:-0}" = 1 ]; then echo "$dir/publish/$1/Fleet.$1.dll"; else echo "$root/src/$1/bin/$config/net10.0/Fleet.$1.dll"; fi
}

[ "${FLEET_WORKSTATION_GC:-0}" = 1 ] && export DOTNET_gcServer=0

pidfile() { echo "$dir/$1.pid"; }
running() { [ -f "$(pidfile "$1")" ] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }

launch() { # name, command...
  local name=$1; shift
  if running "$name"; then echo "$name already running (pid $(cat "$(pidfile "$name")"))"; return; fi
  nohup "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$(pidfile "$name")"
  echo "started $name (pid $!)"
}

common_args() {
  echo "--ConnectionStrings:Redis=$redis --Fleet:Orleans:ClusterId=$cluster_id --Fleet:Orleans:ServiceId=fleet-local" \
    "--Fleet:Agents:HeartbeatInterval=${FLEET_HEARTBEAT:-00:00:30}" \
    ${FLEET_QUIET_CHECK:+"--Fleet:Agents:QuietAgentCheck=$FLEET_QUIET_CHECK"}
}

start_one() {
  case $1 in
    redis)
      mkdir -p "$dir/redis"
      launch redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" \
        --appendonly yes --appendfsync everysec --save "" --protected-mode no ${FLEET_REDIS_ARGS:-} ;;
    silo1|silo2)
      local n=${1#silo}
      # shellcheck disable=SC2046
      launch "$1" dotnet "$(app_dll Silo)" $(common_args) \
        --Fleet:Orleans:SiloPort=$((11000 + base + n)) --Fleet:Orleans:GatewayPort=$((30000 + base + n)) \
        --Fleet:Silo:HealthAddress=127.0.0.1 --Fleet:Silo:HealthPort=$((base + 19 + n)) ;;
    gateway[0-9]*)
      local n=${1#gateway} port
      port=$(gateway_port "$n")
      # shellcheck disable=SC2046,SC2086
      launch "$1" dotnet "$(app_dll Gateway)" $(common_args) \
        --Fleet:Orleans:Mode=Client --Fleet:Gateway:ListenAddress=127.0.0.1 \
        --Fleet:Gateway:GatewayId="$1" --Fleet:Gateway:DrainWindow="${FLEET_DRAIN:-00:00:05}" \
        --Fleet:Gateway:OpAmpPort="$port" --Fleet:Gateway:ManagementPort=$((port + 1)) \
        --Fleet:Gateway:TrustedProxies=127.0.0.1,127.0.1.0/29 ${FLEET_GATEWAY_ARGS:-} ;;
    nginx)
      write_nginx_conf
      launch nginx nginx -c "$dir/nginx.conf" -p "$dir" -g "daemon off;" ;;
    *) echo "unknown component: $1" >&2; exit 2 ;;
  esac
}

write_nginx_conf() {
  mkdir -p "$dir/nginx-tmp"
  local user=""
  [ "$(id -u)" -eq 0 ] && user="user root;"
  cat >"$dir/nginx.conf" <<CONF
$user
worker_processes ${FLEET_NGINX_WORKERS:-1};
worker_rlimit_nofile 20000;
error_log $dir/nginx-error.log warn;
pid $dir/nginx-master.pid;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-tmp/body;
  proxy_temp_path $dir/nginx-tmp/proxy;
  fastcgi_temp_path $dir/nginx-tmp/fastcgi;
  uwsgi_temp_path $dir/nginx-tmp/uwsgi;
  scgi_temp_path $dir/nginx-tmp/scgi;
  client_max_body_size 64m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  # Four source addresses towards the gateways: from one, each new upstream connection searches that
  # address's ports for one still free to the gateway, and with ~15k WebSockets to one gateway that
  # search kept nginx's workers busy in the kernel through a reconnect storm.
  split_clients "\$remote_addr:\$remote_port" \$opamp_source { 25% 127.0.1.1; 25% 127.0.1.2; 25% 127.0.1.3; * 127.0.1.4; }
  # No passive health marking for OpAMP (max_fails=0): nginx counts a WebSocket's success only when
  # it ends, hours later, so a gateway marked down once would get one new connection per fail_timeout
  # per worker until then (of 5,000 agents waiting so, fewer than 1,000 were back after ten minutes). A gateway that refuses or
  # times out is still skipped per request (proxy_next_upstream).
  upstream opamp {
$(for n in $(seq 1 "$gateways"); do echo "    server 127.0.0.1:$(gateway_port "$n") max_fails=0;"; done)
    keepalive 64;
  }
  upstream management {
$(for n in $(seq 1 "$gateways"); do echo "    server 127.0.0.1:$(($(gateway_port "$n") + 1)) max_fails=1 fail_timeout=3s;"; done)
    keepalive 16;
  }
  server {
    # reuseport: the kernel spreads new connections evenly over the workers (each holds two sockets
    # per WebSocket, and at most 20,000 files here); a reconnect storm overflows the default backlog (511).
    listen 127.0.0.1:$base reuseport backlog=4096;
    location / {
      proxy_pass http://opamp;
      proxy_bind \$opamp_source;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      # Gateways trust 127.0.0.1 (nginx) to name the client: per-IP limits apply to agents, not to nginx.
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      # WebSockets live for hours: idle timeouts above the agents' heartbeat interval.
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_connect_timeout 2s;
      # A gateway that is down, or refuses with 503 (draining/full), is skipped.
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    }
  }
  server {
    listen 127.0.0.1:$((base + 1));
    location / {
      proxy_pass http://management;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
CONF
}

stop_one() { # name, signal
  local name=$1 signal=${2:-TERM}
  if running "$name"; then
    local pid; pid=$(cat "$(pidfile "$name")")
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    echo "stopped $name (pid $pid, SIG$signal)"
  fi
  rm -f "$(pidfile "$name")"
}

wait_ready() { # url
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.25
  done
  echo "not ready: $1" >&2; return 1
}

all="redis silo1 silo2 $gateway_names nginx"

health_url() {
  case $1 in
    silo1|silo2) echo "http://127.0.0.1:$((base + 19 + ${1#silo}))/health/ready" ;;
    gateway[0-9]*) echo "http://127.0.0.1:$(($(gateway_port "${1#gateway}") + 1))/health/ready" ;;
    nginx) echo "http://127.0.0.1:$((base + 1))/health/live" ;;
  esac
}

case ${1:-} in
  start)
    if [ -n "${2:-}" ]; then
      start_one "$2"
      if [ "$2" = redis ]; then
        for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
      else
        wait_ready "$(health_url "$2")"
      fi
      exit
    fi
    for tool in redis-server nginx curl; do
      command -v $tool >/dev/null || { echo "$tool is required (apt-get install redis-server nginx-light curl)" >&2; exit 1; }
    done
    if [ "${FLEET_READY_TO_RUN:-0}" = 1 ]; then
      for app in Silo Gateway; do
        # The SDK's incremental ReadyToRun step misses a switch from a composite publish (the images')
        # to this one in the same obj folder: it reused package assemblies compiled as parts of the
        # composite image, without that image, and the process aborted at start. Compile afresh.
        rm -rf "src/$app/obj/$config/net10.0/linux-x64/R2R"
        dotnet publish "src/$app" -c "$config" -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
          -o "$dir/publish/$app" --nologo -v q | grep -E "error|rror\(s\)" || true
      done
    elif [ "${FLEET_BUILD:-1}" != 0 ]; then
      for project in src/Silo src/Gateway; do dotnet build -c $config --nologo -v q "$project" | grep -E "error|rror\(s\)" || true; done
    fi
    start_one redis
    for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    start_one silo1; start_one silo2
    wait_ready "$(health_url silo1)"; wait_ready "$(health_url silo2)"
    for name in $gateway_names; do start_one "$name"; done
    for name in $gateway_names; do wait_ready "$(health_url "$name")"; done
    start_one nginx
    wait_ready "http://127.0.0.1:$((base + 1))/health/ready"
    echo "OpAMP:  ws://127.0.0.1:$base/v1/opamp  http://127.0.0.1:$base/v1/opamp (nginx → gateways)"
    echo "API:    http://127.0.0.1:$((base + 1))/api/agents"
    echo "logs:   $dir/*.log" ;;
  stop)
    if [ -n "${2:-}" ]; then stop_one "$2"; exit; fi
    for name in nginx $gateway_names silo1 silo2 redis; do stop_one "$name"; done ;;
  kill)
    stop_one "${2:?component}" KILL ;;
  status)
    for name in $all; do
      if running "$name"; then echo "$name: running (pid $(cat "$(pidfile "$name")"))"; else echo "$name: stopped"; fi
    done ;;
  *)
    sed -n '2,16p' "$0"; exit 2 ;;
esac
