#!/usr/bin/env bash
# Starts ActorMessenger: in a release archive the bundled server (its runtime included, nothing to
# install); in the repository it builds the server first (needs the .NET 10 SDK). Arguments go to the server:
#   ./start.sh                      http://127.0.0.1:5000, data in ./data
#   ./start.sh --host 0.0.0.0       open to the LAN
#   ./start.sh --port 8080 --data-dir /srv/messenger
#   ./start.sh --restore data/backups/messenger_backup_20261201_030000.zip
#                                   checks the backup, moves the current data to data/replaced_*,
#                                   then starts on the restored data (a bad backup: exit code 2, nothing changed)
#   ./start.sh --migrate-to "Host=…;Database=…;Username=…;Password=…"
#                                   copies the data directory's SQLite installation into that new, empty
#                                   PostgreSQL database, checks every count, and exits (refused: exit code 4)
#   ./start.sh --no-browser         do not open the admin panel in the browser
#   ./start.sh --help               every option and setting
#   ./start.sh --install-service [server options]   run as a service that starts with the machine
#   ./start.sh --uninstall-service                  (systemd on Linux, launchd on macOS: see service.sh)
# The server prints the admin panel's and the messenger's addresses, and opens the panel in the
# browser on a desktop session (not in CI, not over SSH, not without a display, not with --no-browser).
# A restart asked from the admin panel (POST /admin/server/restart) ends the server with exit code 75:
# this script then starts it again (without --restore and without opening the browser again).
# Ctrl+C or SIGTERM stops the server gracefully and ends the script.
# ACTORMESSENGER_DLL=path/ActorMessenger.Gateway.dll runs that build instead of building (the tests use it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
restart_code=75
case "${1:-}" in
  --install-service|--uninstall-service|--print-service) exec bash "$here/service.sh" "$@" ;;
esac
# glibc's heap: at most two arenas unless the operator chose otherwise. Its default is eight per core, each
# keeping what was freed in it: the native memory a burst of logins left resident (docs/operations.md, S3).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
if [ -n "${ACTORMESSENGER_DLL:-}" ]; then
  command=(dotnet "$ACTORMESSENGER_DLL")
elif [ -x "$here/server/ActorMessenger.Gateway" ]; then
  command=("$here/server/ActorMessenger.Gateway")
else
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is needed to build from source (https://dotnet.microsoft.com/download); a release archive needs nothing." >&2
    exit 1
  fi
  dotnet build "$here/Gateway/ActorMessenger.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
  command=(dotnet "$here/Gateway/bin/Release/net10.0/ActorMessenger.Gateway.dll")
fi
case "${1:-}" in
  --help|-h|--version) exec "${command[@]}" "$@" ;;
esac
# A one-shot command: no browser, no restart loop.
for arg in "$@"; do
  case "$arg" in
    --migrate-to|--migrate-to=*) exec "${command[@]}" "$@" ;;
  esac
done

# The server restarts on exit code 75 only when it knows someone starts it again.
export ACTORMESSENGER_SUPERVISED=1
args=("$@")
browser=(--open-browser)
while true; do
  # In the background so that a signal reaches this script at once: it passes it on as SIGTERM
  # (a graceful stop) and waits for the server to finish.
  "${command[@]}" "${browser[@]}" ${args[@]+"${args[@]}"} &
  server=$!
  trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
  # wait returns early (above 128) when a signal arrives; then wait again for the server's own exit code.
  code=0
  while :; do
    if wait "$server"; then code=0; else code=$?; fi
    kill -0 "$server" 2>/dev/null || break
  done
  if [ "$code" -gt 128 ]; then
    if wait "$server" 2>/dev/null; then code=0; else again=$?; [ "$again" -eq 127 ] || code=$again; fi
  fi
  trap - INT TERM
  if [ "$code" -ne "$restart_code" ]; then
    exit "$code"
  fi
  echo "start.sh: the server stopped for a restart (exit code $restart_code); starting it again."
  # The backup is in place already: restoring it again would throw away what was written since.
  kept=()
  skip=0
  for arg in ${args[@]+"${args[@]}"}; do
    if [ "$skip" -eq 1 ]; then skip=0; continue; fi
    case "$arg" in
      --restore) skip=1 ;;
      --restore=*) ;;
      *) kept+=("$arg") ;;
    esac
  done
  args=(${kept[@]+"${kept[@]}"})
  browser=(--no-browser)
done
