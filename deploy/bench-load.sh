#!/usr/bin/env bash
# Issue 16's load benchmark, in one run on one machine: the HTTP stack's ceiling (bot/http's
# Beast server answering 200 at once), the grammY + better-sqlite3 peer (bench/peers/grammy, its
# versions pinned by its package-lock.json), and achilles-coach serve, each loaded by wrk with
# the same Telegram updates (bench/load/telegram_updates.lua: 5,000 chats, a fresh update_id
# each) and replying through the same fake Bot API on loopback. Prints req/s and p99 for each
# and the ratios. Figures, not a pass or fail.
#
# Then achilles-coach again with BACKLOG replies already queued in its outbox; then both at a
# steady RATE updates a second (a fixed schedule, not as fast as answers come), with /healthz
# asked 100 times a second beside them: p99 of each, the second with 100,000 runners more
# stored, the third while the scheduler prompts 1,000 of 100,000 runners due at once (its
# longest tick from /metrics); each achilles-coach's peak RSS. Last, how long a whole reply
# takes to reach a private chat (bench/reply_bench.cpp: 10 runners onboarding and checking in
# at once).
#
#   deploy/bench-load.sh [SECONDS] [CONNECTIONS] [BACKLOG] [RATE]   (8 s, 32, 10,000, 2,000/s)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh
seconds="${1:-8}"
connections="${2:-32}"
backlog="${3:-10000}"
rate="${4:-2000}"
stored=100000  # runners in the database for the last steady stages
due=1000       # of them, due at once during the last stage's load
# SQL for now in Unix milliseconds, as the database stores times.
now_ms="CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"

install_missing "${ACHILLES_PACKAGES[@]}" wrk curl sqlite3
command -v node > /dev/null && command -v npm > /dev/null || install_missing nodejs npm
configure_build
cmake --build build -j "$ACHILLES_JOBS" --target achilles-coach achilles_bench_servers \
  achilles_bench_replies

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
# NAME: keeps req/s and p99 (ms) from the wrk output in $work/NAME.wrk, and shows it.
keep() {
  local out
  out="$(cat "$work/$1.wrk")"
  echo "$out" | sed 's/^/    /'
  rps[$1]="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p99[$1]="$(echo "$out" | awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub("us", "", v); v /= 1000}
    else if (v ~ /ms$/) {sub("ms", "", v)} else if (v ~ /s$/) {sub("s", "", v); v *= 1000}
    print v}')"
}

# NAME URL PATH [RATE]: one wrk run, as fast as answers come or at RATE a second.
load() {
  SECRET=bench-secret WEBHOOK_PATH="$3" RATE="${4:-}" wrk -t1 -c"$connections" \
    -d"${seconds}s" --latency -s bench/load/telegram_updates.lua "$2" > "$work/$1.wrk"
  keep "$1"
}

# NAME URL: the webhook at a steady $rate a second and, beside it, /healthz at 100 a second
# (kept as NAME-healthz).
steady() {
  PROBE=1 WEBHOOK_PATH=/healthz RATE=100 wrk -t1 -c1 -d"${seconds}s" --latency \
    -s bench/load/telegram_updates.lua "$2" > "$work/$1-healthz.wrk" &
  local probe=$!
  load "$1" "$2" /telegram/webhook "$rate"
  wait "$probe"
  echo "    /healthz beside it:"
  keep "$1-healthz"
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

declare -A rss
# Keeps the coach's peak resident memory (MiB) as NAME's, then stops it.
stop_coach() {
  rss[$1]="$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$coach_pid/status")"
  kill "$coach_pid"
}

# NAME [TICK_SECONDS]: starts achilles-coach serve on a fresh database of its own; sets
# `coach_port`, `coach_pid`.
start_coach() {
  coach_port="$(free_port)"
  ACHILLES_TICK_SECONDS="${2:-30}" ACHILLES_LISTEN="127.0.0.1:$coach_port" \
    ACHILLES_DB="$work/$1.db" TELEGRAM_BOT_TOKEN=1:bench TELEGRAM_WEBHOOK_SECRET=bench-secret \
    TELEGRAM_API_BASE="http://127.0.0.1:$fake_port" TELEGRAM_BOT_USERNAME=AchillesBenchBot \
    build/bot/achilles-coach serve > "$work/$1.log" 2>&1 &
  coach_pid=$!
  pids+=("$coach_pid")
  wait_for "http://127.0.0.1:$coach_port/healthz"
}

echo "==> achilles-coach serve (SQLite, the outbox sending to the same fake Bot API)"
start_coach coach
load coach "http://127.0.0.1:$coach_port" /telegram/webhook
stop_coach coach

# NAME: queues $backlog replies in NAME's outbox beside the running server, as a burst's replies
# would go in (WAL: one writer at a time, each waiting its turn), in 5,000 chats of their own;
# then checkpoints and gives the sender a second to take them in, so the load meets a standing
# queue rather than the moment 10,000 rows arrive.
fill_backlog() {
  sqlite3 -cmd ".timeout 5000" "$work/$1.db" "
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $backlog)
    INSERT INTO outbox (platform, chat_id, chat_kind, method, payload, next_attempt_at, created_at)
    SELECT 'telegram', 'queued-' || (i % 5000), 'private', 'sendMessage',
           '{\"chat_id\":\"queued-' || (i % 5000) || '\",\"text\":\"queued\"}',
           $now_ms,
           $now_ms
    FROM n;
    PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  sleep 1
  echo "    $(sqlite3 -cmd ".timeout 5000" "$work/$1.db" \
    "SELECT count(*) FROM outbox WHERE status = 'pending'") rows pending as the load starts"
}

# NAME: stores $stored runners more in NAME's database (onboarding not begun, none due).
fill_runners() {
  sqlite3 -cmd ".timeout 5000" "$work/$1.db" "
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $stored)
    INSERT INTO runners (platform, platform_user_id, display_name, private_chat_id, created_at)
    SELECT 'telegram', 'stored-' || i, 'Runner', 'stored-' || i,
           $now_ms
    FROM n;
    PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  echo "    $(sqlite3 "$work/$1.db" "SELECT count(*) FROM runners") runners stored"
}

# NAME: makes $due of NAME's stored runners onboarded, checking in now (UTC) and due 3 s from
# now, so that one tick prompts them all while the load runs.
make_due() {
  sqlite3 -cmd ".timeout 5000" "$work/$1.db" "
    UPDATE runners SET
      consented_at = $now_ms,
      onboarded_at = $now_ms,
      time_zone = 'UTC', checkin_time = '$(date -u +%H:%M)',
      next_due_at = $now_ms + 3000
    WHERE id IN (SELECT id FROM runners WHERE platform_user_id LIKE 'stored-%'
                 ORDER BY id LIMIT $due);" > /dev/null
}

# The same load with replies already queued: the sender's cost per step must not grow with the
# queue.
echo "==> achilles-coach serve with $backlog replies already queued in the outbox"
start_coach backlog
fill_backlog backlog
load backlog "http://127.0.0.1:$coach_port" /telegram/webhook
stop_coach backlog

echo "==> achilles-coach serve at a steady $rate updates a second"
start_coach steady
steady steady "http://127.0.0.1:$coach_port"
stop_coach steady

echo "==> achilles-coach serve at a steady $rate updates a second, $backlog replies queued, $stored runners more stored"
start_coach steady-backlog
fill_runners steady-backlog
fill_backlog steady-backlog
steady steady-backlog "http://127.0.0.1:$coach_port"
stop_coach steady-backlog

echo "==> achilles-coach serve at a steady $rate updates a second while the scheduler prompts $due of $stored runners at once"
start_coach tick 1
fill_runners tick
make_due tick
steady tick "http://127.0.0.1:$coach_port"
metrics="$(curl -s "http://127.0.0.1:$coach_port/metrics")"
tick_ms="$(echo "$metrics" | awk '$1 == "achilles_scheduler_tick_seconds_max" {printf "%.1f", $2 * 1000}')"
prompts="$(echo "$metrics" | awk '/^achilles_prompts_total/ {n += $2} END {print n + 0}')"
tick_max="$(awk '$1 == "Latency" {print $4}' "$work/tick.wrk")"
stop_coach tick

echo
echo "wrk -t1 -c$connections -d${seconds}s, the same updates for each, on $(nproc) cores"
printf "%-62s %10s %10s %14s\n" server req/s "p99 (ms)" "peak RSS (MiB)"
printf "%-62s %10s %10s\n" "bot/http answering 200 at once (the ceiling)" "${rps[ceiling]}" "${p99[ceiling]}"
printf "%-62s %10s %10s\n" "grammY + better-sqlite3 (the peer)" "${rps[peer]}" "${p99[peer]}"
printf "%-62s %10s %10s %14s\n" "achilles-coach serve" "${rps[coach]}" "${p99[coach]}" \
  "${rss[coach]}"
printf "%-62s %10s %10s %14s\n" "achilles-coach serve, $backlog replies queued" "${rps[backlog]}" \
  "${p99[backlog]}" "${rss[backlog]}"
for name in steady steady-backlog tick; do
  label="achilles-coach serve at $rate/s"
  [ "$name" = steady-backlog ] && label="$label, $backlog queued, +$((stored / 1000))k runners"
  [ "$name" = tick ] && label="$label, $prompts prompts in one tick"
  printf "%-62s %10s %10s %14s\n" "$label" "${rps[$name]}" "${p99[$name]}" "${rss[$name]}"
  printf "%-62s %10s %10s\n" "  /healthz beside it, at 100/s" "${rps[$name-healthz]}" \
    "${p99[$name-healthz]}"
done
awk -v c="${rps[coach]}" -v p="${rps[peer]}" -v b="${rps[ceiling]}" -v q="${rps[backlog]}" \
  -v s="${p99[steady]}" -v sb="${p99[steady-backlog]}" -v h="${p99[steady-healthz]}" \
  -v hb="${p99[steady-backlog-healthz]}" -v t="${p99[tick]}" -v tm="$tick_max" \
  -v tick="$tick_ms" -v n="$prompts" 'BEGIN {
  printf "achilles-coach: %.2fx the peer (target 5x), %.3fx the ceiling (target 0.25x)\n", c / p, c / b
  printf "with the backlog: %.2fx its empty-outbox throughput (target 0.9x)\n", q / c
  printf "p99 at a steady rate: %.2f ms, %.2f ms with the backlog (target 5 ms)\n", s, sb
  printf "/healthz p99 during it: %.2f ms, %.2f ms with the backlog (target 10 ms)\n", h, hb
  printf "the scheduler tick prompting %d runners: %s ms (target 50 ms); webhook p99 during it %.2f ms, slowest %s\n", n, tick, t, tm }'
echo "peak RSS with $stored runners more stored and the load running: ${rss[steady-backlog]} MiB (target 100 MB)"

echo
echo "==> a whole reply reaching a private chat, within Telegram's limits"
build/bench/achilles_bench_replies 10 2>&1 | grep -v " info "
