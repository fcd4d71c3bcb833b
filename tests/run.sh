#!/usr/bin/env bash
# Installs everything the tests need, then runs every test in Cluster.sln.
# Works on a fresh machine that has only the .NET SDK, node/npm, python3 and git.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "== installing test peers (npm: @roboflow/tfrecords, azurite, kubernetes-models)" >&2
(cd tests && npm ci --no-audit --no-fund --loglevel=error)

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
