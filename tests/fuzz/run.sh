#!/usr/bin/env bash
# Runs the fuzz targets built in build-fuzz/ (deploy/test.sh builds them): each from its seed
# corpus, for a number of inputs or of seconds, and prints one line per target with the inputs
# run. Exits non-zero on the first crash, leak or UBSan report (libFuzzer keeps the input as
# crash-*/leak-* in the working directory).
#
#   tests/fuzz/run.sh --seconds 3              every target, 3 s each (the smoke in test.sh)
#   tests/fuzz/run.sh --runs 10000000 checkin  10 million inputs of one target
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${ACHILLES_FUZZ_BUILD:-build-fuzz}"
limit=(-max_total_time=3)
targets=()
while (($#)); do
  case "$1" in
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(ls tests/fuzz/corpus)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The longest input worth generating. The check-in reader reads 600 characters (after collapsing
# white space). The content loader's checks are per key and per entry: the trimmed seeds (small
# files that load) reach all of them, and the whole shipped files (read whole by the unit tests)
# would only repeat them at a tenth of the speed.
declare -A max_len=([checkin]=1200 [content]=8192)
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  len=()
  if [[ -n "${max_len[$target]:-}" ]]; then len=(-max_len="${max_len[$target]}"); fi
  # New inputs go to the scratch folder; the checked-in seeds are only read.
  log="$work/$target.log"
  if ! "$build/tests/fuzz/${target}_fuzz" "${limit[@]}" "${len[@]}" -print_final_stats=1 -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$work/" "$work/$target" "tests/fuzz/corpus/$target" \
      >"$log" 2>&1; then
    tail -n 40 "$log"
    mkdir -p fuzz-artifacts && cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* fuzz-artifacts/ 2>/dev/null || true
    echo "fuzz: $target FAILED (inputs that did it, if any, are in fuzz-artifacts/)"
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  seconds="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")"
  echo "fuzz: $target ${runs:-?} inputs${seconds:+ in ${seconds} s}, no crash, leak or UB report"
done
