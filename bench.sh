#!/usr/bin/env bash
# Benchmarks ActorMessenger against same-run baselines (see README, "Performance").
#   ./bench.sh --quick          about three minutes on two cores
#   ./bench.sh                  the full sizes (5,000 connections, 100,000 messages)
#   ./bench.sh --only S1,S2     some scenarios (S1 includes S1-pg and S1-3n: S1 on PostgreSQL, on one node and on
#                               three, when PostgreSQL is installed; --quick leaves those two out unless --only
#                               names them, e.g. --quick --only S1-pg,S1-3n)
# Prints a Markdown table and writes bench/results/latest.json (and .md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The bench references the server, so this one build makes Gateway/bin/Release too.
dotnet build "$here/Bench/ActorMessenger.Bench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
# S1-pg runs S1 with --db against a private PostgreSQL started here on loopback (as the tests start
# theirs: initdb in a temp folder, as the postgres user when run as root), stopped at the end.
pg=()
want_pg=1
shopt -s nocasematch
if [[ " $* " == *" --quick "* ]]; then
  want_pg=0
  [[ " $* " =~ " --only "[^\ ]*S1-(pg|3n) ]] && want_pg=1
fi
shopt -u nocasematch
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ "$want_pg" -eq 0 ]; then
  :
elif [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ]; then
  pgdir="$(mktemp -d /tmp/am-bench-pg.XXXXXX)"
  as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdir"; as=(runuser -u postgres --); fi
  pgport=$(( 40000 + RANDOM % 20000 ))
  while (echo >"/dev/tcp/127.0.0.1/$pgport") 2>/dev/null; do pgport=$(( 40000 + RANDOM % 20000 )); done
  "${as[@]}" "$pgbin/initdb" -D "$pgdir/data" --locale=C.UTF-8 --encoding=UTF8 -A trust -U postgres >/dev/null
  "${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  trap '"${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE bench" >/dev/null
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE bench3n" >/dev/null
  pg=(--pg "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=bench" --pg3 "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=bench3n")
else
  echo "bench.sh: PostgreSQL is not installed (apt-get install postgresql): S1-pg and S1-3n are left out." >&2
fi
dotnet "$here/Bench/bin/Release/net10.0/ActorMessenger.Bench.dll" "$@" ${pg[@]+"${pg[@]}"}
