#!/usr/bin/env bash
# Records a scripted tcpchat session with tshark on the loopback interface, keeps the server's
# log beside the capture, and prints what the capture shows.
#
#   scripts/capture.sh [--mode chat|broadcast|echo] [--port 3333] [--pause 800] [--lang en|ro]
#                      [--out captures]
#
# Writes OUT/tcpchat-MODE.pcapng (open it in Wireshark) and OUT/tcpchat-MODE.log (the server's
# log of the same session). Capturing needs root, or a user in the `wireshark` group. Only
# loopback traffic on the chosen port is captured (interface lo, lo0 on macOS), and everything
# stops by itself.
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
    *) echo "capture: unknown option $1" >&2; usage 2 >&2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "capture: --port must be a number from 1 to 65535" >&2; exit 2 ;; esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "capture: --port must be a number from 1 to 65535" >&2
  exit 2
fi
command -v tshark >/dev/null 2>&1 || {
  echo "capture: tshark is not installed (Debian/Ubuntu: sudo apt-get install tshark)" >&2
  exit 1
}

mkdir -p "$out"
pcap="$out/tcpchat-$mode.pcapng"
log="$out/tcpchat-$mode.log"
errors="$out/.tshark-$mode.err"
rm -f "$pcap" "$log" "$errors"
# Deno itself, or the one npm runs (as in the README's quick start).
if command -v deno >/dev/null 2>&1; then deno=(deno); else deno=(npx -y deno@2.9.6); fi
summary=("${deno[@]}" run --allow-run --allow-read scripts/capture_summary.ts)

echo "== capturing tcp port $port on $iface into $pcap"
tshark -i "$iface" -f "tcp port $port" -w "$pcap" -a "duration:$max_seconds" -q 2>"$errors" &
tshark_pid=$!
stop_tshark() {
  if kill -0 "$tshark_pid" 2>/dev/null; then
    kill -INT "$tshark_pid" 2>/dev/null || true
    wait "$tshark_pid" 2>/dev/null || true
  fi
  rm -f "$errors"
}
trap stop_tshark EXIT

# tshark says "Capturing on 'Loopback: lo'" once packets are being recorded.
for _ in $(seq 100); do
  grep -q "Capturing on" "$errors" 2>/dev/null && break
  if ! kill -0 "$tshark_pid" 2>/dev/null; then
    grep -v "^Running as user" "$errors" >&2 || true
    echo "capture: tshark could not capture on $iface (run as root, or join the wireshark group)" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "Capturing on" "$errors" || { echo "capture: tshark did not start within 10 s" >&2; exit 1; }

echo "== deno task demo --mode $mode --port $port"
demo=("${deno[@]}" task demo --mode "$mode" --port "$port" --pause "$pause" --log-file "$log")
[ -n "$lang" ] && demo+=(--lang "$lang")
"${demo[@]}"

# tshark writes packets in batches: wait until the last connection's end is in the file.
"${summary[@]}" --wait "$pcap" "$port"
stop_tshark
trap - EXIT

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
