#!/usr/bin/env bash
# Fuzzes one parser of src/Formats with AFL++ (Debian package) and SharpFuzz 2.3.0.
#
#   bash tests/Fuzz/fuzz.sh HARNESS [SECONDS]     (default 600 s)
#   bash tests/Fuzz/fuzz.sh list                  (the harness names)
#
# Harnesses: tfrecord, tfrecord-framed (CRCs repaired by the harness), tfrecord-gzip, example, csv, voc, coco, yolo, labelmap.
# Installs afl++ (apt-get) and the sharpfuzz dotnet tool when missing, publishes tests/Fuzz/Cluster.Fuzz, instruments
# Cluster.Formats.dll, builds the seed corpus from ../shared/data at run time, runs afl-fuzz for SECONDS, then prints
# executions, crashes and hangs from fuzzer_stats and replays every crash (the stack trace says what to fix).
# Only the parser's own typed exception counts as a rejection; any other exception is a crash.
# Work folder: $FUZZ_WORK (default /tmp/cluster-fuzz/HARNESS); findings stay in $FUZZ_WORK/out/default/{crashes,hangs}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
harness="${1:?usage: fuzz.sh HARNESS [SECONDS]}"
seconds="${2:-600}"
data="${CLUSTER_DATA:-$root/../shared/data}"
work="${FUZZ_WORK:-/tmp/cluster-fuzz/$harness}"
bin="$work/bin"
export PATH="$PATH:$HOME/.dotnet/tools"

if ! command -v afl-fuzz >/dev/null; then
  echo "== installing afl++ (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v sharpfuzz >/dev/null; then
  echo "== installing the sharpfuzz dotnet tool" >&2
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

echo "== publishing tests/Fuzz/Cluster.Fuzz into $bin" >&2
rm -rf "$bin"; mkdir -p "$work"
(
  flock 9   # two harnesses started at once must not build the same project concurrently
  dotnet publish "$root/tests/Fuzz/Cluster.Fuzz" -c Release -nologo -v:q -o "$bin" >/dev/null
) 9>"/tmp/cluster-fuzz.publish.lock"

if [[ "$harness" == "list" ]]; then
  dotnet "$bin/Cluster.Fuzz.dll" list
  exit 0
fi

echo "== seed corpus from $data" >&2
rm -rf "$work/in" "$work/out" "$work/replay"
dotnet "$bin/Cluster.Fuzz.dll" seeds "$harness" "$work/in" "$data"
cp -r "$bin" "$work/replay"   # uninstrumented copy: instrumented code only runs under afl-fuzz

echo "== instrumenting Cluster.Formats.dll" >&2
sharpfuzz "$bin/Cluster.Formats.dll" >/dev/null

echo "== afl-fuzz $harness for $seconds s" >&2
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_QUIET=1
export DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=1
afl-fuzz -i "$work/in" -o "$work/out" -t 10000 -m none -V "$seconds" -- dotnet "$bin/Cluster.Fuzz.dll" "$harness" >"$work/afl.log" 2>&1 || {
  echo "afl-fuzz failed; last lines of $work/afl.log:" >&2; tail -20 "$work/afl.log" >&2; exit 1; }

stats="$work/out/default/fuzzer_stats"
field() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
crashes="$(field saved_crashes)"
echo "harness=$harness run_time_s=$(field run_time) execs=$(field execs_done) execs_per_sec=$(field execs_per_sec) corpus=$(field corpus_count) crashes=$crashes hangs=$(field saved_hangs) stability=$(field stability)"
if [[ "${crashes:-0}" != "0" ]]; then
  echo "== replaying crashes" >&2
  dotnet "$work/replay/Cluster.Fuzz.dll" replay "$harness" "$work"/out/default/crashes/id:* || true
fi
