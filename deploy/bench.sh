#!/usr/bin/env bash
# Installs what is missing, builds, and runs the benchmarks, which print their figures. The
# burst benchmark takes about six minutes for 10,000 prompts; pass a smaller number to try it.
# Then the load benchmark against the peers (deploy/bench-load.sh, about two minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

install_missing "${ACHILLES_PACKAGES[@]}"
configure_build
cmake --build build -j "$ACHILLES_JOBS" --target achilles_bench_scheduler achilles_bench_burst achilles_bench_knowledge \
  achilles_bench_interactions achilles_bench_charts

echo "==> answer latency, knowledge base"
build/bench/achilles_bench_knowledge
echo "==> answering a Discord interaction (3 s deadline), Telegram as the baseline"
build/bench/achilles_bench_interactions
echo "==> drawing a chart as the sender does (target p99 < 50 ms)"
build/bench/achilles_bench_charts
echo "==> scheduler tick, 100,000 runners"
build/bench/achilles_bench_scheduler
echo "==> burst of prompts at Telegram's rate"
build/bench/achilles_bench_burst "${1:-10000}"
echo "==> load: the stack's ceiling, the grammY peer and achilles-coach, in one run"
deploy/bench-load.sh
