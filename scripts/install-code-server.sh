#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) into a cache folder for the end-to-end test
# `npm run test:web`, and prints the path of its `code-server` program as the last line of
# standard output. Everything else goes to standard error.
#
# Usage: scripts/install-code-server.sh [CACHE_ROOT]
#
# The cache root is, in this order: the argument, $CODE_SERVER_CACHE, $XDG_CACHE_HOME/article-annotations
# when XDG_CACHE_HOME is set, and otherwise .cache/ in the repository (git-ignored). The install
# lands in CACHE_ROOT/code-server-VERSION, so a new version never reuses an old install. A
# finished install is reused as is (no network); the first one downloads and compiles, and is slow.
#
# code-server is installed from the npm registry, which builds its native modules. That needs
# a C/C++ toolchain, the headers of libkrb5, libxkbfile, libsecret and libx11, pkg-config, and
# ripgrep (see the check below); .ci/run installs them on Debian.
set -euo pipefail

CS_VERSION=4.100.3
# The @vscode/ripgrep version pinned by this code-server (lib/vscode/npm-shrinkwrap.json) and the
# ripgrep release its postinstall script downloads (lib/postinstall.js).
RG_PKG_VERSION=1.15.11
RG_RELEASE=v13.0.0-10

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -gt 0 ]; then
  cache_root=$1
elif [ -n "${CODE_SERVER_CACHE:-}" ]; then
  cache_root=$CODE_SERVER_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
  cache_root=$XDG_CACHE_HOME/article-annotations
else
  cache_root=$repo/.cache
fi
mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd)
prefix=$cache_root/code-server-$CS_VERSION
bin=$prefix/node_modules/.bin/code-server

# The marker file is written last, so a half-finished install is never mistaken for a good one.
if [ -x "$bin" ] && [ -f "$prefix/.complete" ]; then
  echo "code-server $CS_VERSION: cached in $prefix" >&2
  echo "$bin"
  exit 0
fi

# Fail early with a clear message rather than after a long compile of native modules.
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for package in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep g++ make python3; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "install-code-server: missing Debian packages: ${missing[*]}" >&2
    echo "install them with: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v rg >/dev/null 2>&1; then
  echo "install-code-server: ripgrep (rg) is needed; install it first" >&2
  exit 1
fi

# VS Code's @vscode/ripgrep downloads a ripgrep build from GitHub while installing, which fails
# without network access to GitHub (and is rate-limited with it). Its download script looks in
# os.tmpdir()/vscode-ripgrep-cache-VERSION first, so a tarball of the system's rg placed there,
# under the asset name it would download, makes the install work offline.
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
  *)
    echo "install-code-server: unsupported machine $(uname -m)" >&2
    exit 1
    ;;
esac
rg_cache=${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PKG_VERSION
rg_asset=$rg_cache/ripgrep-$RG_RELEASE-$rg_target.tar.gz
if [ ! -s "$rg_asset" ]; then
  mkdir -p "$rg_cache"
  rg_stage=$(mktemp -d)
  cp "$(command -v rg)" "$rg_stage/rg"
  tar czf "$rg_asset.partial.$$" -C "$rg_stage" rg
  mv "$rg_asset.partial.$$" "$rg_asset"
  rm -rf "$rg_stage"
fi

# Install into a private folder and move it into place when complete, so that an interrupted
# or concurrent install never leaves a broken prefix behind.
stage=$(mktemp -d "$cache_root/.code-server-$CS_VERSION.XXXXXX")
trap 'rm -rf "$stage"' EXIT
echo '{ "name": "code-server-cache", "private": true }' >"$stage/package.json"
echo "code-server $CS_VERSION: installing into $prefix (takes about two minutes)" >&2
started=$(date +%s)
# code-server's postinstall script refuses to run as root without --unsafe-perm, and runs
# `npx node-gyp`, which must not stop to ask whether to install it (npm_config_yes).
npm_config_yes=true npm install --prefix "$stage" --unsafe-perm --no-audit --no-fund --no-save \
  "code-server@$CS_VERSION" >&2
# The postinstall script reports some failures only in its output, so check its result.
test -x "$stage/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
touch "$stage/.complete"
rm -rf "$prefix"
mv "$stage" "$prefix"
trap - EXIT
echo "code-server $CS_VERSION: installed in $(($(date +%s) - started)) s" >&2
echo "$bin"
