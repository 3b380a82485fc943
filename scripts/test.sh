#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need, then runs them.
# CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

apt_updated=""
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "$apt_updated" ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Node.js runs the third-party OpAMP client (npm @elastic/opamp-client-node) in the interop tests.
have node && have npm || apt_install nodejs npm
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
# Headless chromium (Debian package, never a downloaded browser) driven by npm playwright-core: the web console tests.
have chromium || apt_install chromium
(cd tests/console && npm ci --no-audit --no-fund --loglevel=error)
# Offline Kubernetes manifest validation (deploy/k8s/validate): npm packages with the bundled schemas;
# kubectl (with kustomize v5) renders deploy/k8s.
(cd deploy/k8s/validate && npm ci --no-audit --no-fund --loglevel=error)
have kubectl || echo "warning: kubectl not found: the deploy/k8s tests will fail" >&2

# redis-server and nginx run the local cluster of the cluster drills (scripts/cluster.sh).
missing=()
have redis-server || missing+=(redis-server)
have nginx || missing+=(nginx-light)
have curl || missing+=(curl)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# Build everything first: the cluster drills run the silo and gateway binaries as separate processes.
dotnet build Fleet.sln --nologo -v q
dotnet test Fleet.sln --no-build --blame-hang-timeout 5m --logger "console;verbosity=minimal" "$@"
