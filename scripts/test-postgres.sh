#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb into a temporary directory, start it on 127.0.0.1 on a
# free port (never 5432, so a system PostgreSQL stays untouched), create a database, run the command with
# GOVBOT_TEST_DATABASE_URL set, then stop the cluster and delete it, also when the command fails.
#
#   scripts/test-postgres.sh                 # the PostgreSQL tests only (contract, migrations, openStorage, server)
#   scripts/test-postgres.sh npm test        # the whole suite, PostgreSQL tests included (what .ci/run does)
#
# Needs PostgreSQL's server binaries (Debian: apt-get install postgresql; PG_BINDIR to point elsewhere). PostgreSQL
# refuses to run as root: as root the cluster runs as the user `postgres` (created by Debian's package).
set -euo pipefail

bindir="${PG_BINDIR:-}"
if [[ -z "$bindir" ]]; then
  # Debian keeps the server binaries out of the PATH, one folder per major version; the newest wins.
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$bindir" ]] && command -v initdb >/dev/null 2>&1; then bindir="$(dirname "$(command -v initdb)")"; fi
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "test-postgres: no PostgreSQL server binaries found (apt-get install postgresql, or set PG_BINDIR)" >&2
  exit 1
fi

# As root, run the server as `postgres`; otherwise as the caller.
as_owner=()
if [[ "$(id -u)" == 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "test-postgres: running as root, but there is no user postgres to run the cluster as" >&2
    exit 1
  fi
  as_owner=(runuser -u postgres --)
fi

port=""
for candidate in $(seq 55432 55531); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
if [[ -z "$port" ]]; then echo "test-postgres: no free port in 55432-55531" >&2; exit 1; fi

cluster="$(mktemp -d "${TMPDIR:-/tmp}/govbot-postgres.XXXXXX")"
chmod 755 "$cluster"
if ((${#as_owner[@]})); then chown postgres: "$cluster"; fi

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop EXIT

started=$SECONDS
# Trust on loopback only, a database user `govbot`; no fsync and no full-page writes: the cluster is thrown away.
"${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U govbot --auth=trust --no-locale -E UTF8 --no-sync >"$cluster/initdb.log" 2>&1 ||
  { cat "$cluster/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 30 \
  -o "-k $cluster -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U govbot govbot_test

export GOVBOT_TEST_DATABASE_URL="postgresql://govbot@127.0.0.1:$port/govbot_test"
echo "test-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($((SECONDS - started))s)," \
  "GOVBOT_TEST_DATABASE_URL=$GOVBOT_TEST_DATABASE_URL" >&2

if (($# == 0)); then
  set -- npx vitest run test/storage/postgres test/storage/openStorage.test.ts
fi
# Not exec: the trap must stop the cluster when the command ends.
"$@"
