#!/usr/bin/env bash
# Builds self-contained chat-server, chat-client and chat-grade binaries with `deno compile`
# (chat-grade also records a hand-in: chat-grade record).
#
#   scripts/compile.sh [--dry-run] [--out-dir DIR] [TARGET...]      (also: deno task compile)
#
# Without TARGETs it builds every platform students use, into dist/ (or DIR), with SHA256SUMS.
# --dry-run prints the exact commands and builds nothing. `deno compile` downloads its base runtime
# (denort) for each target from dl.deno.land; where that cannot be reached, set DENORT_BIN to a
# denort binary and name the one target it is for (the host's target when none is named).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(
  x86_64-unknown-linux-gnu
  aarch64-unknown-linux-gnu
  x86_64-apple-darwin
  aarch64-apple-darwin
  x86_64-pc-windows-msvc
)
# Least privilege, baked into each binary; tests/compile_permissions_test.ts runs both programs
# with exactly these and fails if either uses anything else.
# - the network: any address, since the user names the host and port when the program runs;
# - the environment variables each reads: NO_COLOR, and the locale that picks the language;
# - the server only: writing files, for --log-file, whose path is also known only at run time.
#   The server opens that file first, then revokes write for good (dropWritePermission() in
#   lib/cli.ts): the binary can write the one file named on its command line, and nothing
#   else;
# - the server only: the list of network interfaces (sys networkInterfaces), read only when it
#   listens on every interface (--host 0.0.0.0 or ::), to print the addresses others can use;
# - the server only: reading /dev/null, which it opens to measure how many clients its
#   file-descriptor limit leaves room for (lib/server/descriptors.ts).
# - the grader, which also records a hand-in (chat-grade record): reading the files it is given
#   (--log, --capture), writing --junit FILE and the hand-in's two files; the variables that say
#   where the user typed the command (INIT_CWD), who ran sudo (SUDO_UID, SUDO_GID: the files are
#   given to them), and where Wireshark's tools are (PATH; Windows' ProgramFiles); this user's id
#   (sys uid: root under sudo); and running programs. Running is not limited to a list: the
#   grader runs the student's --server-cmd through the shell, which can start anything, so a list
#   would protect nothing; and stopping that server's whole process group (Deno.kill of a group)
#   is allowed only with --allow-run unrestricted.
# No other permission for any of them (no ffi; no read, run or other sys for the server and the
# client): nothing asks, and nothing prompts (--no-prompt).
SERVER_PERMISSIONS=(--allow-net --allow-env=NO_COLOR,LC_ALL,LC_MESSAGES,LANG --allow-write
  --allow-sys=networkInterfaces --allow-read=/dev/null)
CLIENT_PERMISSIONS=(--allow-net --allow-env=NO_COLOR,LC_ALL,LC_MESSAGES,LANG)
GRADE_ENV=NO_COLOR,LC_ALL,LC_MESSAGES,LANG,INIT_CWD,SUDO_UID,SUDO_GID,PATH,Path,ProgramFiles,ProgramW6432
GRADE_PERMISSIONS=(--allow-net "--allow-env=$GRADE_ENV" --allow-read --allow-write --allow-run --allow-sys=uid)
# The live view's page (lib/server/web/static/) is imported as text, so it is part of the
# server's module graph and inside every server binary: no --include (tests/compile_test.ts).
# --exclude-unused-npm keeps the test-only npm packages in deno.lock out of the binaries.
COMPILE=(compile --quiet --no-prompt --exclude-unused-npm)

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
fail() {
  echo "compile.sh: $1" >&2
  exit "${2:-2}"
}

dry_run=false
out_dir=dist
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --out-dir)
      [ $# -ge 2 ] && [ -n "$2" ] || fail "--out-dir needs a directory"
      out_dir=$2
      shift
      ;;
    -h | --help) usage && exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *)
      [[ " ${ALL_TARGETS[*]} " == *" $1 "* ]] || fail "unknown target $1; known: ${ALL_TARGETS[*]}"
      targets+=("$1")
      ;;
  esac
  shift
done

deno=${DENO:-deno}
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' deno.json | head -1)
[ -n "$version" ] || fail "no \"version\" in deno.json" 1

# deno compile puts DENORT_BIN under every binary, whatever --target says: one target only.
if [ -n "${DENORT_BIN:-}" ]; then
  [ -f "$DENORT_BIN" ] || fail "DENORT_BIN=$DENORT_BIN is not a file"
  if [ ${#targets[@]} -eq 0 ]; then
    targets=("$("$deno" eval --quiet 'console.log(Deno.build.target)')")
  elif [ ${#targets[@]} -gt 1 ]; then
    fail "DENORT_BIN is a runtime for one target; name just that one (got ${targets[*]})"
  fi
fi
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")

commands=()
outputs=()
for target in "${targets[@]}"; do
  ext=""
  [[ "$target" == *windows* ]] && ext=".exe"
  for program in server client grade; do
    case $program in
      server) permissions=("${SERVER_PERMISSIONS[@]}") ;;
      client) permissions=("${CLIENT_PERMISSIONS[@]}") ;;
      grade) permissions=("${GRADE_PERMISSIONS[@]}") ;;
    esac
    output="$out_dir/chat-$program-$target$ext"
    outputs+=("$output")
    commands+=("$deno ${COMPILE[*]} --target $target ${permissions[*]} --output $output main_$program.ts")
  done
done

if $dry_run; then
  echo "# tcpchat $version: ${#commands[@]} binaries into $out_dir/${DENORT_BIN:+ (denort: $DENORT_BIN)}"
  printf '%s\n' "${commands[@]}"
  echo "(cd $out_dir && sha256sum ${outputs[*]##*/} > SHA256SUMS)"
  exit 0
fi

mkdir -p "$out_dir"
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
for i in "${!commands[@]}"; do
  echo "${commands[$i]}"
  # Each command is built from words without spaces (targets, flags, paths we chose).
  # shellcheck disable=SC2086
  if ! ${commands[$i]} 2>"$errors"; then
    if grep -qE 'dl\.deno\.land|Setting up base binary' "$errors"; then
      target=${outputs[$i]#"$out_dir"/chat-*-}
      fail "deno compile could not download its runtime (denort) for ${target%.exe} from dl.deno.land; set DENORT_BIN to a denort binary for that target and run again" 1
    fi
    # Any other failure (a type error, a full disk) speaks for itself, without Rust's backtrace.
    sed '/^Stack backtrace:/,$d' "$errors" >&2
    exit 1
  fi
done

# Checksums of exactly the files built now, named as users download them.
if command -v sha256sum >/dev/null 2>&1; then sum=(sha256sum); else sum=(shasum -a 256); fi
(cd "$out_dir" && "${sum[@]}" "${outputs[@]##*/}" >SHA256SUMS)
echo "built ${#commands[@]} binaries of tcpchat $version into $out_dir/ (checksums in $out_dir/SHA256SUMS)"
