#!/usr/bin/env bash
# Starts a new run id for an overlay: writes overlays/OVERLAY/run.env with a fresh CLUSTER_RUN_ID.
# The Orleans cluster id is cluster-<run id>, so every run gets its own membership rows in Azure Table storage.
# Usage: deploy/k8s/new-run.sh dev|prod   (then: kubectl apply -k deploy/k8s/overlays/OVERLAY)
set -euo pipefail
overlay="${1:?usage: new-run.sh OVERLAY (dev or prod)}"
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/overlays/$overlay"
[[ -f "$dir/kustomization.yaml" ]] || { echo "new-run.sh: no overlay at $dir" >&2; exit 2; }
run_id="$overlay-$(date -u +%Y%m%d-%H%M%S)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
printf 'CLUSTER_RUN_ID=%s\n' "$run_id" > "$dir/run.env"
echo "$run_id"
