#!/usr/bin/env bash
# Installs what is missing, builds everything with the tests, checks formatting, runs every
# test, type-checks the payloads the integration tests send against the platforms' published
# types (deploy/check-payloads.sh; npm fetches the pinned type packages), and runs each fuzz
# target for a few seconds. Exits non-zero on any failure.
#
#   deploy/test.sh             the above (about 12 minutes on 2 cores from an empty tree)
#   deploy/test.sh --sanitize  and then the whole suite again under ASan and UBSan, in
#                              build-asan/ (about 20 minutes more; CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh
sanitize=0
case "${1:-}" in
  "") ;;
  --sanitize) sanitize=1 ;;
  *) echo "usage: deploy/test.sh [--sanitize]" >&2; exit 2 ;;
esac

install_missing "${ACHILLES_PACKAGES[@]}" "${ACHILLES_FUZZ_PACKAGES[@]}" clang-format
configure_build
cmake --build build -j "$ACHILLES_JOBS"

echo "==> clang-format"
mapfile -t sources < <(git ls-files '*.h' '*.cpp' 2>/dev/null || find bot dialogs storage tests -name '*.h' -o -name '*.cpp')
clang-format --dry-run --Werror "${sources[@]}"

echo "==> tests"
ctest --test-dir build --output-on-failure -j "$ACHILLES_JOBS"

echo "==> payloads against the platforms' published types"
deploy/check-payloads.sh

echo "==> fuzz smoke (tests/fuzz/run.sh --runs 10000000 TARGET for a long run)"
configure_fuzz_build
cmake --build build-fuzz -j "$ACHILLES_JOBS"
tests/fuzz/run.sh --seconds "${ACHILLES_FUZZ_SECONDS:-3}"

if ((sanitize)); then
  echo "==> the suite under ASan and UBSan (build-asan/)"
  configure_sanitize_build
  cmake --build build-asan -j "$ACHILLES_JOBS"
  # The property tests' default 1,500 cases take minutes under the sanitizers; 150 still walk
  # every rule path (the Release run above does the full count).
  RC_PARAMS="${RC_PARAMS:-max_success=150}" \
    ctest --test-dir build-asan --output-on-failure -j "$ACHILLES_JOBS"
fi
