#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and starts achilles-coach on the embedded
# SQLite file (ACHILLES_DB, default ./achilles-coach.db). No tokens needed for the default.
#
#   deploy/run.sh                 talk to the coach in this terminal (achilles-coach chat)
#   deploy/run.sh chat --as Maya  the same, as the runner "Maya"
#   deploy/run.sh serve           the webhook server (set TELEGRAM_* first; see README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

install_missing "${ACHILLES_PACKAGES[@]}"
configure_build
cmake --build build --target achilles-coach -j "$ACHILLES_JOBS"
if (($# == 0)); then set -- chat; fi
exec build/bot/achilles-coach "$@"
