#!/usr/bin/env bash
# Starts Azurite (the Azure Storage emulator) for `esbackup bench --scenario azure` and `--scenario table`, the
# way the tests do: azurite@3.37.0 from npm, installed once into ~/.cache/esbackup/azurite-3.37.0 (or
# $ESBACKUP_AZURITE_DIR), its blob and table services listening on 127.0.0.1 only, telemetry off, data in a new
# temporary folder.
#
#   eval "$(bench/azurite.sh)"        # exports AZURE_STORAGE_CONNECTION_STRING and AZURITE_PIDS
#   ./esbackup bench --scenario azure --scenario table
#   kill $AZURITE_PIDS                # stop both (by their own pids)
#
# Needs node and npm. Prints only the two export lines on stdout; the logs go to files next to the data.
set -euo pipefail
version=3.37.0
dir="${ESBACKUP_AZURITE_DIR:-$HOME/.cache/esbackup/azurite-$version}"
if [ ! -x "$dir/node_modules/.bin/azurite-blob" ] || [ ! -x "$dir/node_modules/.bin/azurite-table" ]; then
  mkdir -p "$dir"
  npm install --no-audit --no-fund "azurite@$version" --prefix "$dir" >&2
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
data="$(mktemp -d -t esbackup-azurite-XXXXXX)"

# Starts one service; prints its pid once it answers on its port.
start() {
  local service=$1 host_option=$2 port_option=$3 port=$4
  "$dir/node_modules/.bin/$service" "$host_option" 127.0.0.1 "$port_option" "$port" --location "$data/$service" \
    --disableTelemetry --skipApiVersionCheck --loose >"$data/$service.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$service exited; its log:" >&2; cat "$data/$service.log" >&2; return 1
    fi
    sleep 0.1
  done
  echo "$service did not answer on 127.0.0.1:$port within 10 s; stopping it" >&2
  kill "$pid"
  return 1
}

mkdir -p "$data/azurite-blob" "$data/azurite-table"
blob_port="${AZURITE_PORT:-$(free_port)}"
table_port="${AZURITE_TABLE_PORT:-$(free_port)}"
blob_pid="$(start azurite-blob --blobHost --blobPort "$blob_port")"
if ! table_pid="$(start azurite-table --tableHost --tablePort "$table_port")"; then
  kill "$blob_pid"
  exit 1
fi
# Azurite's published development account key: well known, not a secret.
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
echo "export AZURE_STORAGE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;'"
echo "export AZURITE_PIDS='$blob_pid $table_pid'"
echo "azurite: blob pid $blob_pid on 127.0.0.1:$blob_port, table pid $table_pid on 127.0.0.1:$table_port, data in $data (stop them with: kill $blob_pid $table_pid)" >&2
