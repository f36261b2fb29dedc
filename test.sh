#!/usr/bin/env bash
# Installs what the tests need and runs every test: the web client's unit tests (vitest) and the
# .NET suite (actor scenarios, end-to-end tests on the real server, browser tests in Chromium), then
# the actor scenarios once more with serialize-messages on.
# Needs the .NET 10 SDK and Node.js with npm; as root (or with sudo) it installs Debian's chromium,
# the colour emoji font and PostgreSQL (the tests start a private server of their own on loopback,
# see Tests/Support/PostgresInstance.cs) when they are missing. It also rebuilds the web client from Web/ and
# fails if the result differs from the copy committed in Gateway/wwwroot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1 || missing+=(postgresql-contrib)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed (the .NET 10 SDK, Node.js 20+ with npm)" >&2; exit 1; }
done

log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT

echo "== web client: npm ci, build, freshness check"
(cd Web && npm ci --no-audit --no-fund --loglevel=error)
(cd Web && npm run --silent build)
if git rev-parse --git-dir >/dev/null 2>&1; then
  if [ -n "$(git status --porcelain -- Gateway/wwwroot)" ]; then
    git status --porcelain -- Gateway/wwwroot | head -20
    echo "Gateway/wwwroot differs from a fresh build of Web/: run 'cd Web && npm run build' and commit the result." >&2
    exit 1
  fi
fi

echo "== web client unit tests"
set +e
(cd Web && npx vitest run) 2>&1 | tee "$log/vitest"
web_status=${PIPESTATUS[0]}
set -e

echo "== .NET tests"
dotnet --version
dotnet restore ActorMessenger.sln
set +e
dotnet test ActorMessenger.sln 2>&1 | tee "$log/dotnet"
dotnet_status=${PIPESTATUS[0]}
set -e

# The actor specs once more with every message an actor sends going through its serializer and
# arriving as the copy read back, as between nodes: a message of ours without a binding fails.
echo "== actor specs with serialize-messages = on"
set +e
MESSENGER_SERIALIZE_MESSAGES=on dotnet test Tests --no-build \
  --filter "FullyQualifiedName~ActorMessenger.Tests.Actors|FullyQualifiedName~ActorMessenger.Tests.Persistence|FullyQualifiedName~ActorMessenger.Tests.Admin.AdminLiveActorSpecs|FullyQualifiedName~ActorMessenger.Tests.Admin.AuditLogActorSpecs" \
  2>&1 | tee "$log/serialized"
serialized_status=${PIPESTATUS[0]}
set -e

# One plain closing line for whoever reads the log: "N passed, N failed" over both runners.
strip() { sed -E 's/\x1b\[[0-9;]*m//g' "$1"; }
web_line=$(strip "$log/vitest" | grep -E '^ *Tests +' | tail -n 1 || true)
web_passed=$(grep -oE '[0-9]+ passed' <<<"$web_line" | grep -oE '[0-9]+' || echo 0)
web_failed=$(grep -oE '[0-9]+ failed' <<<"$web_line" | grep -oE '[0-9]+' || echo 0)
net_line=$(strip "$log/dotnet" | grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' | tail -n 1 || true)
net_passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$net_line")
net_failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$net_line")
ser_line=$(strip "$log/serialized" | grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' | tail -n 1 || true)
ser_passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$ser_line")
ser_failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$ser_line")
echo "$((web_passed + ${net_passed:-0} + ${ser_passed:-0})) passed, $((web_failed + ${net_failed:-0} + ${ser_failed:-0})) failed"

[ "$web_status" -eq 0 ] && [ "$dotnet_status" -eq 0 ] && [ "$serialized_status" -eq 0 ]
