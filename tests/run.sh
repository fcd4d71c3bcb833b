#!/usr/bin/env bash
# Installs everything the tests need, then runs every test in Cluster.sln.
# Works on a fresh machine that has only the .NET SDK, node/npm, python3 and git.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "== installing test peers (npm: @roboflow/tfrecords, azurite, kubernetes-models)" >&2
(cd tests && npm ci --no-audit --no-fund --loglevel=error)

echo "== checking kubectl (tests/Deploy.Tests render deploy/k8s with kubectl kustomize)" >&2
if ! command -v kubectl >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl) >&2 || true
fi
kubectl_version="$(kubectl version --client 2>/dev/null || true)"
if ! grep -q '^Kustomize Version: v[5-9]' <<<"$kubectl_version"; then
  echo "tests/run.sh: kubectl with kustomize v5+ is required by tests/Deploy.Tests and was not found." >&2
  echo "  Debian's kubernetes-client (1.20) bundles kustomize v2, too old for deploy/k8s; install a current kubectl." >&2
  exit 1
fi

echo "== building" >&2
dotnet build Cluster.sln -c Release -nologo -v:q

echo "== testing" >&2
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
set +e
dotnet test Cluster.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=minimal" "$@"
rc=$?
set -e
python3 "$root/tests/summarize-trx.py" "$results"
exit $rc
