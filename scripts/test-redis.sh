#!/usr/bin/env bash
# Runs a command beside a throwaway Redis: redis-server on 127.0.0.1 on a free port (never 6379, so a system Redis
# stays untouched), without persistence, with GOVBOT_TEST_REDIS_URL set; the server is stopped when the command ends,
# also when it fails.
#
#   scripts/test-redis.sh                                   # the cluster tests that need Redis only
#   scripts/test-postgres.sh scripts/test-redis.sh npm test # the whole suite with PostgreSQL and Redis (.ci/run)
#
# Needs redis-server (Debian: apt-get install redis-server; REDIS_SERVER to point elsewhere).
set -euo pipefail

server="${REDIS_SERVER:-$(command -v redis-server || true)}"
if [[ -z "$server" || ! -x "$server" ]]; then
  echo "test-redis: no redis-server found (apt-get install redis-server, or set REDIS_SERVER)" >&2
  exit 1
fi

port=""
for candidate in $(seq 56379 56478); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
if [[ -z "$port" ]]; then echo "test-redis: no free port in 56379-56478" >&2; exit 1; fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/govbot-redis.XXXXXX")"
pid=""
stop() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap stop EXIT

# Loopback only, nothing written to disk: the data is thrown away.
"$server" --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" --logfile "$dir/redis.log" &
pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/redis.log" >&2; exit 1; fi
  sleep 0.05
done

export GOVBOT_TEST_REDIS_URL="redis://127.0.0.1:$port"
echo "test-redis: $("$server" --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$port, GOVBOT_TEST_REDIS_URL=$GOVBOT_TEST_REDIS_URL" >&2

if (($# == 0)); then
  set -- npx vitest run test/cluster
fi
# Not exec: the trap must stop the server when the command ends.
"$@"
