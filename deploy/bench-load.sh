#!/usr/bin/env bash
# Issue 16's load benchmark, in one run on one machine: the HTTP stack's ceiling (bot/http's
# Beast server answering 200 at once), the grammY + better-sqlite3 peer (bench/peers/grammy, its
# versions pinned by its package-lock.json), and achilles-coach serve, each loaded by wrk with
# the same Telegram updates (bench/load/telegram_updates.lua: 5,000 chats, a fresh update_id
# each) and replying through the same fake Bot API on loopback. Prints req/s and p99 for each
# and the ratios. Figures, not a pass or fail.
#
#   deploy/bench-load.sh [SECONDS] [CONNECTIONS]     (8 s and 32 connections by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh
seconds="${1:-8}"
connections="${2:-32}"

install_missing "${ACHILLES_PACKAGES[@]}" wrk curl
command -v node > /dev/null && command -v npm > /dev/null || install_missing nodejs npm
configure_build
cmake --build build -j "$ACHILLES_JOBS" --target achilles-coach achilles_bench_servers

peer=build/bench-peers/grammy
mkdir -p "$peer"
cp bench/peers/grammy/package.json bench/peers/grammy/package-lock.json \
  bench/peers/grammy/server.mjs "$peer/"
if ! cmp -s "$peer/package-lock.json" "$peer/node_modules/.installed-lock.json"; then
  echo "==> npm ci (grammY, better-sqlite3)"
  (cd "$peer" && npm ci --no-audit --no-fund --silent)
  cp "$peer/package-lock.json" "$peer/node_modules/.installed-lock.json"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts `achilles_bench_servers MODE` with its standard input held open (not in a subshell,
# which would close it); sets `port`.
start_bench_server() {
  local mode="$1"
  mkfifo "$work/$mode.in"
  build/bench/achilles_bench_servers "$mode" "$work/$mode.port" < "$work/$mode.in" \
    > "$work/$mode.out" &
  pids+=($!)
  exec {fd}> "$work/$mode.in"
  for _ in $(seq 100); do [ -s "$work/$mode.port" ] && break; sleep 0.1; done
  port="$(cat "$work/$mode.port")"
}

# A free loopback port.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_for() {  # URL: until it answers at all
  for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1" >&2
  return 1
}

declare -A rps p99
# NAME URL PATH: one wrk run; keeps its req/s and p99 (ms).
load() {
  local name="$1" url="$2" path="$3" out
  out="$(SECRET=bench-secret WEBHOOK_PATH="$path" wrk -t1 -c"$connections" -d"${seconds}s" \
    --latency -s bench/load/telegram_updates.lua "$url")"
  echo "$out" | sed 's/^/    /'
  rps[$name]="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p99[$name]="$(echo "$out" | awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub("us", "", v); v /= 1000}
    else if (v ~ /ms$/) {sub("ms", "", v)} else if (v ~ /s$/) {sub("s", "", v); v *= 1000}
    print v}')"
}

start_bench_server fake-bot-api
fake_port="$port"
echo "==> fake Bot API on 127.0.0.1:$fake_port"

echo "==> the stack's ceiling: bot/http answering 200 at once (2 I/O threads)"
start_bench_server ok
ok_port="$port"
load ceiling "http://127.0.0.1:$ok_port" /

echo "==> the peer: grammY + better-sqlite3 (synchronous=FULL), replying before it answers"
peer_port="$(free_port)"
PORT="$peer_port" API_ROOT="http://127.0.0.1:$fake_port" DB="$work/peer.db" SECRET=bench-secret \
  node "$peer/server.mjs" &
pids+=($!)
wait_for "http://127.0.0.1:$peer_port/"
load peer "http://127.0.0.1:$peer_port" /

echo "==> achilles-coach serve (SQLite, the outbox sending to the same fake Bot API)"
coach_port="$(free_port)"
ACHILLES_LISTEN="127.0.0.1:$coach_port" ACHILLES_DB="$work/coach.db" \
  TELEGRAM_BOT_TOKEN=1:bench TELEGRAM_WEBHOOK_SECRET=bench-secret \
  TELEGRAM_API_BASE="http://127.0.0.1:$fake_port" TELEGRAM_BOT_USERNAME=AchillesBenchBot \
  build/bot/achilles-coach serve > "$work/coach.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$coach_port/healthz"
load coach "http://127.0.0.1:$coach_port" /telegram/webhook

echo
echo "wrk -t1 -c$connections -d${seconds}s, the same updates for each, on $(nproc) cores"
printf "%-48s %10s %10s\n" server req/s "p99 (ms)"
printf "%-48s %10s %10s\n" "bot/http answering 200 at once (the ceiling)" "${rps[ceiling]}" "${p99[ceiling]}"
printf "%-48s %10s %10s\n" "grammY + better-sqlite3 (the peer)" "${rps[peer]}" "${p99[peer]}"
printf "%-48s %10s %10s\n" "achilles-coach serve" "${rps[coach]}" "${p99[coach]}"
awk -v c="${rps[coach]}" -v p="${rps[peer]}" -v b="${rps[ceiling]}" 'BEGIN {
  printf "achilles-coach: %.2fx the peer (target 5x), %.3fx the ceiling (target 0.25x)\n", c / p, c / b }'
