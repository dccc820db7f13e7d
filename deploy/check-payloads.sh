#!/usr/bin/env bash
# Checks every payload the server sends to Telegram and Discord in the integration tests
# against the platforms' published types: the Bot API's (@grammyjs/types) and Discord's
# (discord-api-types), type-checked by tsc, with versions pinned in
# tests/payload_types/package-lock.json (from npm's registry). Exits non-zero on a payload that
# does not match, or on an API call whose type is not mapped. deploy/test.sh runs it.
#
#   deploy/check-payloads.sh    (builds the tests first if needed; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

install_missing "${ACHILLES_PACKAGES[@]}"
# node and npm: Debian's, unless the machine has them already (from another source, whose
# packages Debian's npm would conflict with).
command -v node > /dev/null && command -v npm > /dev/null || install_missing nodejs npm
configure_build
cmake --build build -j "$ACHILLES_JOBS" --target achilles_tests

work=build/payload-types
mkdir -p "$work"
cp tests/payload_types/package.json tests/payload_types/package-lock.json \
  tests/payload_types/tsconfig.json "$work/"
# npm ci again whenever the pinned versions change (the lockfile is kept beside what it installed).
if ! cmp -s "$work/package-lock.json" "$work/node_modules/.installed-lock.json"; then
  echo "==> npm ci (the pinned type packages)"
  for attempt in 1 2 3; do
    (cd "$work" && npm ci --no-audit --no-fund --silent) && break
    ((attempt == 3)) && { echo "npm ci failed three times" >&2; exit 1; }
    sleep 5
  done
  cp "$work/package-lock.json" "$work/node_modules/.installed-lock.json"
fi

echo "==> the integration tests, logging what they send"
rm -f "$work/payloads.jsonl"
ACHILLES_PAYLOAD_LOG="$PWD/$work/payloads.jsonl" build/tests/achilles_tests \
  --gtest_brief=1 \
  --gtest_filter='TelegramWebhookTest.*:SquadTest.*:TelegramSchedulerTest.*:DiscordInteractionsTest.*:DiscordRegisterCommands.*:SetWebhook.*:TelegramApi.AGroupAdministrator*' \
  > "$work/tests.log" 2>&1 || { tail -40 "$work/tests.log"; exit 1; }

echo "==> $(wc -l < "$work/payloads.jsonl") payloads; distinct ones by published type:"
node tests/payload_types/generate.mjs "$work/payloads.jsonl" > "$work/payloads.ts"
(cd "$work" && node_modules/.bin/tsc -p tsconfig.json)
echo "==> every payload matches its platform's published type"
