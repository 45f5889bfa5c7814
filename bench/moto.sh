#!/usr/bin/env bash
# Starts moto's S3 server for `esbackup bench --scenario s3`, the way the tests do: `moto_server` (from
# $ESBACKUP_MOTO_SERVER or the PATH; pip install 'moto[server]'), listening on 127.0.0.1 only.
#
#   eval "$(bench/moto.sh)"           # exports AWS_ENDPOINT_URL_S3, test keys and region, and MOTO_PID
#   ./esbackup bench --scenario s3
#   kill "$MOTO_PID"                  # stop it (by its own pid)
#
# Prints only the export lines on stdout; the log goes to a temporary file.
set -euo pipefail
server="${ESBACKUP_MOTO_SERVER:-moto_server}"
port="${MOTO_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
log="$(mktemp -t esbackup-moto-XXXXXX.log)"
"$server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    # moto accepts any keys: these are not secrets.
    echo "export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$port"
    echo "export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1"
    echo "export MOTO_PID=$pid"
    echo "moto: pid $pid on 127.0.0.1:$port, log in $log (stop it with: kill $pid)" >&2
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "moto_server exited; its log:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 0.1
done
echo "moto_server did not answer on 127.0.0.1:$port within 10 s; stopping it" >&2
kill "$pid"
exit 1
