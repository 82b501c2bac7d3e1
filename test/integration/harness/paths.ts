// Where things are, computed from this file's compiled location (out/test/integration/harness/),
// never hard-coded, so the harness works from any clone.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');
/** The compiled in-host runner: VS Code's extensionTestsPath. */
export const inHostRunner = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
/** The checked-in fixture workspace (the sources, not a compiled copy). */
export const fixtureWorkspace = path.join(repoRoot, 'test', 'integration', 'workspace');
export const cacheDir = path.join(repoRoot, '.vscode-test');

export interface ServerInstall {
  node: string;
  nodeVersion: string;
  serverMain: string;
  codeServerVersion: string;
  vscodeVersion: string;
}

/** The install written by scripts/install-vscode-server.sh, or undefined when it is absent or broken. */
export function findServerInstall(): ServerInstall | undefined {
  let markers: string[];
  try {
    markers = fs.readdirSync(cacheDir).filter((f) => /^server-.*\.complete\.json$/.test(f));
  } catch {
    return undefined;
  }
  // Newest version first: the names differ only by the code-server version.
  markers.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
  for (const m of markers) {
    try {
      const install = JSON.parse(fs.readFileSync(path.join(cacheDir, m), 'utf8')) as ServerInstall;
      if (fs.existsSync(install.node) && fs.existsSync(install.serverMain)) return install;
    } catch {
      // a broken marker: try the next
    }
  }
  return undefined;
}

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}
