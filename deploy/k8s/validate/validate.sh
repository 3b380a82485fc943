#!/usr/bin/env bash
# Renders every overlay in deploy/k8s/overlays with kubectl's kustomize and validates every object
# offline with validate.mjs (JSON schemas + unknown fields). No cluster, no network. Installs the
# npm packages (npm ci) on first use. Exit status 0 only if every overlay builds and validates.
#
#   deploy/k8s/validate/validate.sh [OVERLAY ...]      default: all overlays
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
k8s=$(dirname "$here")

command -v kubectl >/dev/null || { echo "kubectl (with kustomize v5) is required" >&2; exit 2; }
command -v node >/dev/null || { echo "node is required" >&2; exit 2; }
[ -d "$here/node_modules/kubernetes-models" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

overlays=("$@")
if [ ${#overlays[@]} -eq 0 ]; then
  for dir in "$k8s"/overlays/*/; do overlays+=("$(basename "$dir")"); done
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for name in "${overlays[@]}"; do
  if ! kubectl kustomize "$k8s/overlays/$name" >"$out/$name.yaml"; then
    echo "$name: kubectl kustomize failed" >&2
    status=1
    continue
  fi
  node "$here/validate.mjs" --label "$name" "$out/$name.yaml" || status=1
done
exit $status
