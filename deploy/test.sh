#!/usr/bin/env bash
# Installs what is missing, builds everything with the tests, checks formatting, runs every
# test, and runs each fuzz target for a few seconds. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

install_missing "${ACHILLES_PACKAGES[@]}" "${ACHILLES_FUZZ_PACKAGES[@]}" clang-format
configure_build
cmake --build build -j "$ACHILLES_JOBS"

echo "==> clang-format"
mapfile -t sources < <(git ls-files '*.h' '*.cpp' 2>/dev/null || find bot dialogs storage tests -name '*.h' -o -name '*.cpp')
clang-format --dry-run --Werror "${sources[@]}"

echo "==> tests"
ctest --test-dir build --output-on-failure -j "$ACHILLES_JOBS"

echo "==> fuzz smoke (tests/fuzz/run.sh --runs 10000000 TARGET for a long run)"
configure_fuzz_build
cmake --build build-fuzz -j "$ACHILLES_JOBS"
tests/fuzz/run.sh --seconds "${ACHILLES_FUZZ_SECONDS:-3}"
