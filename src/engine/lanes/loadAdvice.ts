// What to do when a lane cannot load the user's module for a reason Node names with a code: the
// cases real projects hit (an ES-module-only package required from CommonJS on Node < 20.19, a
// native addon built for another Node or platform, a package that is not installed where the
// project resolves it), in words, after Node's own message.
import type { WireError } from './wire';

export function loadAdvice(err: Pick<WireError, 'code' | 'message'>): string {
  switch (err.code) {
    case 'ERR_REQUIRE_ESM':
      return ' A package that is only an ES module was required from CommonJS, which this Node (before 20.19) cannot do; your own program would fail the same way. ' +
        'Make your file an ES module (name it .mts, or set "type": "module" in its package.json) so the profiler loads it with import, or load the package with `await import(…)`.';
    case 'ERR_DLOPEN_FAILED':
      return ` A native addon (.node file) did not load into Node ${process.version} on ${process.platform}-${process.arch}: it was built for another Node version or platform. ` +
        'Reinstall it for this Node (npm rebuild, or npm install again); VS Code runs the profiler on its own Node, which may differ from the one in your terminal.';
    case 'ERR_MODULE_NOT_FOUND':
    case 'MODULE_NOT_FOUND':
      return ' Node looks packages up from your project\'s node_modules; install the package there (npm install), or check the name.';
    case 'ERR_PACKAGE_PATH_NOT_EXPORTED':
      return ' The package does not export that subpath (its package.json "exports" decides what can be imported): import an exported entry instead.';
    case 'ERR_UNKNOWN_FILE_EXTENSION':
      return ' Node cannot load that file type on its own (a package whose entry is TypeScript source, say): link it into node_modules as a workspace package, or point its entry at built JavaScript.';
    default:
      return '';
  }
}
