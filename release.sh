#!/usr/bin/env bash
# Builds the release archives: one per system, each with the server and its .NET runtime (nothing to
# install), the web client and admin panel, the HOCON files, a start script, the README, the docs and
# the licence. Needs the .NET 10 SDK; the runtime packs come from the NuGet feed.
#   ./release.sh                          all five: linux-x64 linux-arm64 win-x64 osx-arm64 osx-x64
#   ./release.sh --rid linux-x64          only that one (repeat --rid for more)
#   ./release.sh --out /tmp/dist          where the archives go (default: dist/)
#   ./release.sh --no-archive             publish and lay out the folders only (a check that they build)
# Prints each archive's size. The version comes from Directory.Build.props.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all=(linux-x64 linux-arm64 win-x64 osx-arm64 osx-x64)
rids=()
out="$here/dist"
archive=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-archive) archive=0; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=("${all[@]}")
command -v dotnet >/dev/null 2>&1 || { echo "release.sh needs the .NET 10 SDK" >&2; exit 1; }
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$here/Directory.Build.props" | head -n 1)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"
stage="$out/stage"

for rid in "${rids[@]}"; do
  case "$rid" in
    linux-x64|linux-arm64|win-x64|osx-arm64|osx-x64) ;;
    *) echo "release.sh: $rid is not one of ${all[*]}" >&2; exit 2 ;;
  esac
  name="ActorMessenger-$version-$rid"
  folder="$stage/$name"
  rm -rf "$folder"
  mkdir -p "$folder"
  echo "== $name"
  # Self-contained, neither trimmed nor single-file: Akka.NET finds actors, serializers, loggers and
  # persistence plugins by type names in its configuration, which trimming removes (docs/operations.md,
  # "Releases", has the measurements).
  dotnet publish "$here/Gateway/ActorMessenger.Gateway.csproj" -c Release -r "$rid" --self-contained true \
    -p:DebugType=none -p:DebugSymbols=false -o "$folder/server" -nologo -v quiet -clp:ErrorsOnly
  cp "$here/README.md" "$here/LICENSE" "$folder/"
  mkdir -p "$folder/docs"
  cp "$here"/docs/*.md "$folder/docs/"
  case "$rid" in
    win-*) cp "$here/start.cmd" "$folder/" ;;
    osx-*) cp "$here/start.sh" "$here/service.sh" "$here/start.command" "$folder/"; chmod +x "$folder/start.sh" "$folder/service.sh" "$folder/start.command" ;;
    *) cp "$here/start.sh" "$here/service.sh" "$folder/"; chmod +x "$folder/start.sh" "$folder/service.sh" ;;
  esac
  [ "$archive" -eq 1 ] || continue
  case "$rid" in
    win-*) file="$out/$name.zip"; rm -f "$file"; (cd "$stage" && zip -qr -9 "$file" "$name") ;;
    *) file="$out/$name.tar.gz"; rm -f "$file"; tar -C "$stage" -czf "$file" "$name" ;;
  esac
  rm -rf "$folder"
done

[ "$archive" -eq 1 ] || { echo "Published (not archived) into $stage"; exit 0; }
rmdir "$stage" 2>/dev/null || true
echo
echo "Archives ($version):"
for rid in "${rids[@]}"; do
  for file in "$out/ActorMessenger-$version-$rid".tar.gz "$out/ActorMessenger-$version-$rid".zip; do
    if [ -f "$file" ]; then
      printf '  %-45s %6s MB\n' "$(basename "$file")" "$(( ($(wc -c <"$file") + 524288) / 1048576 ))"
    fi
  done
done
