#!/usr/bin/env bash
# Benchmarks ActorMessenger against same-run baselines (see README, "Performance").
#   ./bench.sh --quick          about three minutes on two cores
#   ./bench.sh                  the full sizes (5,000 connections, 100,000 messages)
#   ./bench.sh --only S1,S2     some scenarios
# Prints a Markdown table and writes bench/results/latest.json (and .md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/Gateway/ActorMessenger.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build "$here/Bench/ActorMessenger.Bench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet "$here/Bench/bin/Release/net10.0/ActorMessenger.Bench.dll" "$@"
