#!/usr/bin/env bash
# `npm test`: type-check, every suite on SQLite, then the database-facing suites again on
# PostgreSQL when TEST_POSTGRES_URL names a server (bash .ci/run starts a throwaway one).
set -euo pipefail
cd "$(dirname "$0")/.."

# Suites that read and write the database through the bot's own code: queue, inbox, outbox,
# conversation, jobs, reminders, the retention sweep and the end-to-end chore.
POSTGRES_SUITES=(test/db test/line test/jobs test/conversation test/retention)

suites() { find "$@" -name '*.test.ts' | sort; }

npm run --silent typecheck
echo "# Suites on SQLite"
node --import tsx --test $(suites test)
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "# Database-facing suites again on PostgreSQL (${POSTGRES_SUITES[*]})"
  TEST_DATABASE=postgres node --import tsx --test $(suites "${POSTGRES_SUITES[@]}")
else
  echo "# PostgreSQL suites SKIPPED: TEST_POSTGRES_URL is not set. Run 'bash .ci/run', or start a cluster with"
  echo "#   eval \"\$(bash scripts/pg-test-cluster.sh start)\" && npm test"
fi
