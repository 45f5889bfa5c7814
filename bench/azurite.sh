#!/usr/bin/env bash
# Starts Azurite (the Azure Storage emulator) for `esbackup bench --scenario azure`, the way the tests do:
# azurite@3.37.0 from npm, installed once into ~/.cache/esbackup/azurite-3.37.0 (or $ESBACKUP_AZURITE_DIR),
# listening on 127.0.0.1 only, telemetry off, data in a new temporary folder.
#
#   eval "$(bench/azurite.sh)"        # exports AZURE_STORAGE_CONNECTION_STRING and AZURITE_PID
#   ./esbackup bench --scenario azure
#   kill "$AZURITE_PID"               # stop it (by its own pid)
#
# Needs node and npm. Prints only the two export lines on stdout; the log goes to a file next to the data.
set -euo pipefail
version=3.37.0
dir="${ESBACKUP_AZURITE_DIR:-$HOME/.cache/esbackup/azurite-$version}"
if [ ! -x "$dir/node_modules/.bin/azurite-blob" ]; then
  mkdir -p "$dir"
  npm install --no-audit --no-fund "azurite@$version" --prefix "$dir" >&2
fi
port="${AZURITE_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
data="$(mktemp -d -t esbackup-azurite-XXXXXX)"
"$dir/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" --location "$data" \
  --disableTelemetry --skipApiVersionCheck --loose >"$data.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    # Azurite's published development account key: well known, not a secret.
    key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
    echo "export AZURE_STORAGE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;'"
    echo "export AZURITE_PID=$pid"
    echo "azurite: pid $pid on 127.0.0.1:$port, data in $data (stop it with: kill $pid)" >&2
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "azurite exited; its log:" >&2; cat "$data.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "azurite did not answer on 127.0.0.1:$port within 10 s; stopping it" >&2
kill "$pid"
exit 1
