#!/usr/bin/env bash
# Runs ActorMessenger as a service that starts with the machine and comes back if it ever dies.
# Called by start.sh (./start.sh --install-service …); needs root (it uses sudo when not root).
#   service.sh --install-service [server options]   e.g. --host 0.0.0.0 --port 5000
#   service.sh --uninstall-service                  stops and removes the service (keeps the data)
#   service.sh --print-service [server options]     prints the unit (Linux) or plist (macOS), changes nothing
# Linux: a systemd system unit, /etc/systemd/system/actormessenger.service: the server is copied to
#   /opt/actormessenger, data lives in /var/lib/actormessenger (systemd's StateDirectory), it runs as a
#   user systemd makes for it (DynamicUser), logs go to the journal (journalctl -u actormessenger).
# macOS: a launchd daemon, /Library/LaunchDaemons/org.actormessenger.server.plist: the server is copied
#   to /usr/local/actormessenger, data lives in /Library/Application Support/ActorMessenger, logs in
#   /Library/Logs/ActorMessenger, it runs as the user who installed it.
# Both restart the server when it fails or asks for a restart (exit code 75, ACTORMESSENGER_SUPERVISED=1)
# and leave it stopped after a clean stop (the admin panel's Shutdown) or a refused configuration
# (exit codes 2 and 3: a bad --restore, demo passwords on a LAN address).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name=actormessenger
action="${1:-}"
shift || true
# ACTORMESSENGER_SERVICE_SYSTEM=Darwin prints the macOS plist elsewhere (the tests do).
os="${ACTORMESSENGER_SERVICE_SYSTEM:-$(uname -s)}"

# ACTORMESSENGER_PREFIX installs the server elsewhere (the tests print a unit for an unpacked archive).
if [ "$os" = Darwin ]; then
  prefix="${ACTORMESSENGER_PREFIX:-/usr/local/actormessenger}"
  data="/Library/Application Support/ActorMessenger"
  logs=/Library/Logs/ActorMessenger
  label=org.actormessenger.server
  target="/Library/LaunchDaemons/$label.plist"
else
  prefix="${ACTORMESSENGER_PREFIX:-/opt/actormessenger}"
  data=/var/lib/actormessenger
  target="/etc/systemd/system/$name.service"
fi
server_args=(--data-dir "$data" --no-browser "$@")

# systemd's ExecStart: each argument in double quotes, with \, " and % escaped.
systemd_words() {
  local out="" arg
  for arg in "$@"; do
    arg="${arg//\\/\\\\}"; arg="${arg//\"/\\\"}"; arg="${arg//%/%%}"
    out+=" \"$arg\""
  done
  printf '%s' "${out# }"
}

xml() { local s="$1"; s="${s//&/&amp;}"; s="${s//</&lt;}"; s="${s//>/&gt;}"; printf '%s' "$s"; }

unit() {
  cat <<UNIT
[Unit]
Description=ActorMessenger, a messenger server for the local network
Documentation=file://$prefix/README.md
Wants=network-online.target
After=network-online.target
StartLimitIntervalSec=0

[Service]
Type=notify
ExecStart=$(systemd_words "$prefix/server/ActorMessenger.Gateway" "${server_args[@]}")
WorkingDirectory=$data
Environment=ACTORMESSENGER_SUPERVISED=1
Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1
Environment=MALLOC_ARENA_MAX=2
# Comes back when it fails or asks for a restart (exit code 75); stays down after a clean stop (the
# admin panel's Shutdown) and after a refused configuration, which a restart would only repeat.
Restart=on-failure
RestartSec=3
RestartPreventExitStatus=2 3
TimeoutStopSec=30
DynamicUser=yes
StateDirectory=$name
StateDirectoryMode=0700
UMask=0077
LimitNOFILE=65536
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

[Install]
WantedBy=multi-user.target
UNIT
}

plist() {
  local user="${SUDO_USER:-$(id -un)}" arg
  cat <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>$label</string>
  <key>ProgramArguments</key>
  <array>
    <string>$(xml "$prefix/server/ActorMessenger.Gateway")</string>
PLIST
  for arg in "${server_args[@]}"; do
    printf '    <string>%s</string>\n' "$(xml "$arg")"
  done
  cat <<PLIST
  </array>
  <key>WorkingDirectory</key><string>$(xml "$data")</string>
  <key>UserName</key><string>$(xml "$user")</string>
  <key>EnvironmentVariables</key>
  <dict><key>ACTORMESSENGER_SUPERVISED</key><string>1</string></dict>
  <key>RunAtLoad</key><true/>
  <!-- Started again whenever it exits with a non-zero code (a failure, or 75: a restart asked for). -->
  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>
  <key>ThrottleInterval</key><integer>5</integer>
  <key>StandardOutPath</key><string>$logs/server.log</string>
  <key>StandardErrorPath</key><string>$logs/server.log</string>
</dict>
</plist>
PLIST
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The server to install: the release archive's own, or (in the repository) one published for this machine.
server_folder() {
  if [ -x "$here/server/ActorMessenger.Gateway" ]; then
    printf '%s' "$here/server"
    return
  fi
  command -v dotnet >/dev/null 2>&1 || { echo "Use a release archive, or install the .NET 10 SDK to publish from source." >&2; exit 1; }
  local rid
  case "$os/$(uname -m)" in
    Linux/x86_64) rid=linux-x64 ;; Linux/aarch64) rid=linux-arm64 ;;
    Darwin/arm64) rid=osx-arm64 ;; Darwin/x86_64) rid=osx-x64 ;;
    *) echo "No release for $os $(uname -m)." >&2; exit 1 ;;
  esac
  local tmp
  tmp="$(mktemp -d)"
  dotnet publish "$here/Gateway/ActorMessenger.Gateway.csproj" -c Release -r "$rid" --self-contained true -o "$tmp/server" -nologo -v quiet -clp:ErrorsOnly >&2
  printf '%s' "$tmp/server"
}

case "$action" in
  --print-service)
    if [ "$os" = Darwin ]; then plist; else unit; fi
    ;;
  --install-service)
    from="$(server_folder)"
    echo "Installing the server into $prefix (data: $data)"
    as_root mkdir -p "$prefix"
    as_root rm -rf "$prefix/server.new"
    as_root cp -R "$from" "$prefix/server.new"
    [ -f "$here/README.md" ] && as_root cp "$here/README.md" "$prefix/"
    if [ "$os" = Darwin ]; then
      as_root launchctl bootout system/$label 2>/dev/null || true
      as_root rm -rf "$prefix/server" && as_root mv "$prefix/server.new" "$prefix/server"
      as_root mkdir -p "$data" "$logs"
      as_root chown "${SUDO_USER:-$(id -un)}" "$data" "$logs"
      as_root chmod 700 "$data"
      plist | as_root tee "$target" >/dev/null
      as_root launchctl bootstrap system "$target"
      echo "Installed and started: launchctl print system/$label; logs in $logs/server.log"
    else
      command -v systemctl >/dev/null 2>&1 || { echo "systemd is needed for --install-service (or run start.sh under your own supervisor)." >&2; exit 1; }
      as_root systemctl stop $name 2>/dev/null || true
      as_root rm -rf "$prefix/server" && as_root mv "$prefix/server.new" "$prefix/server"
      unit | as_root tee "$target" >/dev/null
      as_root systemctl daemon-reload
      as_root systemctl enable --now $name
      echo "Installed and started: systemctl status $name; logs: journalctl -u $name"
    fi
    ;;
  --uninstall-service)
    if [ "$os" = Darwin ]; then
      as_root launchctl bootout system/$label 2>/dev/null || true
      as_root rm -f "$target"
    else
      as_root systemctl disable --now $name 2>/dev/null || true
      as_root rm -f "$target"
      as_root systemctl daemon-reload
    fi
    as_root rm -rf "$prefix"
    echo "Removed the service and $prefix. The data is kept in $data (delete it yourself if it is no longer wanted)."
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
