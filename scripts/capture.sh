#!/usr/bin/env bash
# Records a scripted tcpchat session with tshark on the loopback interface, keeps the server's
# log beside the capture, and prints what the capture shows.
#
#   scripts/capture.sh [--mode chat|broadcast|echo] [--port 3333] [--pause 800] [--lang en|ro]
#                      [--out captures]
#
# Writes OUT/tcpchat-MODE.pcapng (open it in Wireshark) and OUT/tcpchat-MODE.log (the server's
# log of the same session). Capturing needs root, or a user in the `wireshark` group: that is
# checked first, before anything starts. Only loopback traffic on the chosen port is captured
# (interface lo, lo0 on macOS), and everything stops by itself.
#
# Both files are written under temporary names and moved into place only when the whole run
# succeeded, so a failed run (the port is busy, tshark fails) leaves the last good capture as it
# was. Run with sudo, the files (and an OUT folder it created) are given to the user who ran sudo,
# and are readable by everyone: the capture tool itself writes root-only files.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=chat
port=3333
pause=800
lang=""
out=captures
iface=lo
[ "$(uname -s)" = Darwin ] && iface=lo0
# The longest a capture may run, whatever happens to the session.
max_seconds=180

usage() {
  echo "usage: scripts/capture.sh [--mode chat|broadcast|echo] [--port 3333] [--pause 800]"
  echo "                          [--lang en|ro] [--out captures]"
  exit "$1"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:?--mode needs a value}"; shift 2 ;;
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --pause) pause="${2:?--pause needs a value}"; shift 2 ;;
    --lang) lang="${2:?--lang needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a value}"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "capture: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "capture: --port must be a number from 1 to 65535" >&2; exit 2 ;; esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "capture: --port must be a number from 1 to 65535" >&2
  exit 2
fi
# Deno itself, or the one npm runs (as in the README's quick start).
if command -v deno >/dev/null 2>&1; then deno=(deno); else deno=(npx -y deno@2.9.6); fi
summary=("${deno[@]}" run --allow-run --allow-read scripts/capture_summary.ts)

# Before anything starts: may this user capture here at all? (One line saying what to do if not.)
"${deno[@]}" run --allow-run --allow-read --allow-env scripts/capture_permission.ts "$iface"

made_out=""
[ -d "$out" ] || made_out=yes
mkdir -p "$out"
pcap="$out/tcpchat-$mode.pcapng"
log="$out/tcpchat-$mode.log"
# Written under these names; moved to the real ones only when everything worked.
pcap_new="$out/.tcpchat-$mode.pcapng.new"
log_new="$out/.tcpchat-$mode.log.new"
errors="$out/.tshark-$mode.err"
rm -f "$pcap_new" "$log_new" "$errors"
tshark_pid=""
stop_tshark() {
  if [ -n "$tshark_pid" ] && kill -0 "$tshark_pid" 2>/dev/null; then
    kill -INT "$tshark_pid" 2>/dev/null || true
    wait "$tshark_pid" 2>/dev/null || true
  fi
}
cleanup() {
  stop_tshark
  rm -f "$pcap_new" "$log_new" "$errors"
}
trap cleanup EXIT

echo "== capturing tcp port $port on $iface into $pcap"
tshark -i "$iface" -f "tcp port $port" -w "$pcap_new" -a "duration:$max_seconds" -q 2>"$errors" &
tshark_pid=$!
# tshark prints "Capturing on ..." even when it is about to fail; the file it writes appears only
# once the interface is really open.
for _ in $(seq 100); do
  [ -s "$pcap_new" ] && break
  if ! kill -0 "$tshark_pid" 2>/dev/null; then
    grep -v "^Running as user" "$errors" >&2 || true
    echo "capture: tshark stopped before capturing on $iface" >&2
    exit 1
  fi
  sleep 0.1
done
[ -s "$pcap_new" ] || { echo "capture: tshark did not start capturing within 10 s" >&2; exit 1; }

echo "== deno task demo --mode $mode --port $port"
demo=("${deno[@]}" task demo --mode "$mode" --port "$port" --pause "$pause" --log-file "$log_new")
[ -n "$lang" ] && demo+=(--lang "$lang")
"${demo[@]}"

if ! kill -0 "$tshark_pid" 2>/dev/null; then
  grep -v -e "^Running as user" -e "^Capturing on" "$errors" >&2 || true
  echo "capture: tshark stopped during the session; the capture is incomplete" >&2
  exit 1
fi
# tshark writes packets in batches: wait until the last connection's end is in the file.
"${summary[@]}" --wait "$pcap_new" "$port"
stop_tshark

mv -f "$pcap_new" "$pcap"
mv -f "$log_new" "$log"
rm -f "$errors"
trap - EXIT
# The capture tool writes files only its user may read; under sudo, that user is root.
chmod 644 "$pcap" "$log"
if [ "$(id -u)" = 0 ] && [ -n "${SUDO_UID:-}" ]; then
  chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$pcap" "$log"
  [ -n "$made_out" ] && chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$out"
fi

echo
echo "== tshark -r $pcap -q -z conv,tcp"
tshark -r "$pcap" -q -z conv,tcp 2>/dev/null
echo "== tshark -2 -X lua_script:wireshark/tcpchat.lua -o tcpchat.ports:$port -r $pcap -Y tcpchat"
tshark -2 -X lua_script:wireshark/tcpchat.lua -o "tcpchat.ports:$port" -r "$pcap" -Y tcpchat \
  -T fields -e frame.number -e tcp.stream -e _ws.col.Info 2>/dev/null
echo
"${summary[@]}" --log "$log" "$pcap" "$port"
echo
echo "Written: $pcap and $log"
