#!/usr/bin/env bash
# Stands in for an OpenTelemetry Collector in the supervisor tests.
#
#   fake-agent.sh --config FILE --state DIR
#
# Records in DIR what it runs with: config (a copy of FILE), version, then pid (last, so a new pid
# means the rest is current). A config containing "fail-to-start" makes it exit 3 at once with the
# reason on stderr, as a collector does with a bad config. Otherwise it runs until SIGTERM/SIGINT.
set -u
FAKE_AGENT_VERSION=1

config="" state=""
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=$2; shift 2 ;;
    --state) state=$2; shift 2 ;;
    *) echo "fake-agent: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ ! -r "$config" ]; then
  echo "fake-agent: cannot read $config" >&2
  exit 2
fi
if grep -q "fail-to-start" "$config"; then
  echo "fake-agent: invalid config: fail-to-start" >&2
  exit 3
fi

mkdir -p "$state"
record() { # name, then the content on stdin
  cat >"$state/$1.tmp" && mv "$state/$1.tmp" "$state/$1"
}
trap 'exit 0' TERM INT
record config <"$config"
echo "$FAKE_AGENT_VERSION" | record version
echo "$$" | record pid

while true; do
  # In the background, so the trap runs as soon as a signal arrives.
  sleep 0.2 2>/dev/null &
  wait $!
done
