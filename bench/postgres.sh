#!/usr/bin/env bash
# Starts a PostgreSQL server for `esbackup bench --scenario registry`, from Debian's server binaries
# (/usr/lib/postgresql/N/bin, or $ESBACKUP_PG_BIN), listening on 127.0.0.1 only, data in a new temporary folder,
# synchronous_commit off (the bench fills a million rows; it measures queries, not commits).
#
#   eval "$(bench/postgres.sh)"     # exports ESBACKUP_BENCH_POSTGRES (postgresql://esbench:...) and POSTGRES_PID
#   ./esbackup bench --scenario registry
#   kill "$POSTGRES_PID"            # stop it (by its own pid)
#
# As root, the server runs as the postgres user (PostgreSQL refuses root). Prints only the two export lines.
set -euo pipefail
bin="${ESBACKUP_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ ! -x "$bin/initdb" ]; then
  echo "postgres.sh: no PostgreSQL server binaries (apt-get install postgresql, or set ESBACKUP_PG_BIN)" >&2
  exit 1
fi
home="$(mktemp -d -t esbackup-pg-XXXXXX)"
password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s' "$password" > "$home/pwfile"
as_server=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$home"
  as_server=(setpriv --reuid=postgres --regid=postgres --clear-groups)
fi
(cd "$home" && "${as_server[@]}" "$bin/initdb" -D "$home/data" -U esbench --pwfile="$home/pwfile" \
  --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C --no-instructions >"$home/initdb.log" 2>&1)
rm -f "$home/pwfile"
port="${POSTGRES_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
(cd "$home" && exec "${as_server[@]}" "$bin/postgres" -D "$home/data" -p "$port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories= -c synchronous_commit=off -c max_connections=100) >"$home/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "export ESBACKUP_BENCH_POSTGRES='postgresql://esbench:$password@127.0.0.1:$port/postgres'"
    echo "export POSTGRES_PID=$pid"
    echo "postgres: pid $pid on 127.0.0.1:$port, data in $home (stop it with: kill $pid)" >&2
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "postgres exited; its log:" >&2; cat "$home/server.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "postgres did not answer on 127.0.0.1:$port within 10 s; stopping it" >&2
kill "$pid"
exit 1
