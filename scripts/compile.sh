#!/usr/bin/env bash
# Builds self-contained chat-server and chat-client binaries with `deno compile`.
#
#   scripts/compile.sh [--dry-run] [TARGET...]      (also: deno task compile)
#
# Without TARGETs it builds every platform students use. --dry-run prints the exact commands and
# builds nothing. `deno compile` downloads its base runtime (denort) for each target from Deno's
# server; where that server cannot be reached, point DENORT_BIN at a denort binary for the target.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(
  x86_64-unknown-linux-gnu
  aarch64-unknown-linux-gnu
  x86_64-apple-darwin
  aarch64-apple-darwin
  x86_64-pc-windows-msvc
)
# Least privilege, baked into each binary. The server needs the network, a few environment
# variables (colours), and write access only for --log-file.
SERVER_PERMISSIONS=(--allow-net --allow-env=NO_COLOR,LANG,LC_ALL --allow-write)
CLIENT_PERMISSIONS=(--allow-net --allow-env=NO_COLOR,LANG,LC_ALL)

dry_run=false
targets=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compile.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *)
      if [[ ! " ${ALL_TARGETS[*]} " =~ " $arg " ]]; then
        echo "compile.sh: unknown target $arg; known: ${ALL_TARGETS[*]}" >&2
        exit 2
      fi
      targets+=("$arg") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")

version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' deno.json | head -1)
deno=${DENO:-deno}

commands=()
for target in "${targets[@]}"; do
  ext=""
  [[ "$target" == *windows* ]] && ext=".exe"
  commands+=("$deno compile --quiet --target $target ${SERVER_PERMISSIONS[*]} --output dist/chat-server-$target$ext main_server.ts")
  commands+=("$deno compile --quiet --target $target ${CLIENT_PERMISSIONS[*]} --output dist/chat-client-$target$ext main_client.ts")
done

if $dry_run; then
  echo "# tcpchat $version: ${#commands[@]} binaries into dist/${DENORT_BIN:+ (denort: $DENORT_BIN)}"
  printf '%s\n' "${commands[@]}"
  echo "(cd dist && sha256sum chat-* > SHA256SUMS)"
  exit 0
fi

mkdir -p dist
for command in "${commands[@]}"; do
  echo "$command"
  if ! $command 2>dist/.compile-error; then
    if grep -qiE 'download|fetch|dns|connect|network|denort' dist/.compile-error; then
      echo "compile.sh: deno compile could not download its runtime (denort) for this target;" \
        "set DENORT_BIN to a denort binary for it and run again" >&2
    else
      cat dist/.compile-error >&2
    fi
    rm -f dist/.compile-error
    exit 1
  fi
done
rm -f dist/.compile-error
(cd dist && sha256sum chat-* > SHA256SUMS)
echo "built ${#commands[@]} binaries of tcpchat $version into dist/ (checksums in dist/SHA256SUMS)"
