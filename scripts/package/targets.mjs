// The VS Code targets we publish, and the esbuild platform package each one carries. One VSIX per
// platform with the native binary, not one universal VSIX with esbuild-wasm: bundling the examples
// here took 8–21 ms per file natively against 0.83–0.98 s with wasm (first bundle 0.24–0.47 s
// against 5.1–8.4 s), 40–100× slower, and a profile bundles on every run.
import os from 'node:os';

export const ALL_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

/** `@esbuild/<target>` and the binary's path inside it, as esbuild's lib/main.js looks for it. */
export function esbuildPlatformOf(target) {
  if (!ALL_TARGETS.includes(target)) {
    throw new Error(`unknown target ${target}: expected one of ${ALL_TARGETS.join(', ')}`);
  }
  const windows = target.startsWith('win32-');
  return { pkg: `@esbuild/${target}`, binary: windows ? 'esbuild.exe' : 'bin/esbuild' };
}

/** The target of the machine this runs on (VS Code's names match Node's platform-arch here). */
export function hostTarget() {
  return `${process.platform}-${os.arch()}`;
}
