#!/usr/bin/env bash
# Builds and starts ActorMessenger. Arguments go to the server:
#   ./start.sh                      http://127.0.0.1:5000, data in ./data
#   ./start.sh --host 0.0.0.0       open to the LAN
#   ./start.sh --port 8080 --data-dir /srv/messenger
#   ./start.sh --restore data/backups/messenger_backup_20261201_030000.zip
#                                   checks the backup, moves the current data to data/replaced_*,
#                                   then starts on the restored data (a bad backup: exit code 2, nothing changed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2
  exit 1
fi
dotnet build "$here/Gateway/ActorMessenger.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet "$here/Gateway/bin/Release/net10.0/ActorMessenger.Gateway.dll" "$@"
