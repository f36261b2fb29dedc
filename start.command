#!/usr/bin/env bash
# macOS: double-click in Finder to start ActorMessenger (a Terminal window opens; close it or press
# Ctrl+C to stop). The data folder is "data" beside this file.
cd "$(dirname "$0")" || exit 1
exec ./start.sh "$@"
