// The one channel between the tests (inside VS Code's extension host) and the outer runner.
//
// On the server path the workbench lives in a headless Chromium page that only the outer runner
// can reach, and the extension host's `console.*` output is forwarded into that page's console.
// So a test talks to the runner by printing one tagged line:
//
//   @@SUMMARY {"passed":3,"failed":0,"skipped":0}            totals, printed once by the in-host runner
//   @@SCREENSHOT {"file":"/abs/test-results/x.png"}          runner saves page.screenshot() there
//   @@WEBVIEW-PROBE {"selector":"canvas","file":"/abs/x.json"} runner queries every webview frame's DOM
//                                                              and writes a ProbeResult there
//
// The runner answers by writing the named file (to a temporary name, then renamed, so a file that
// exists is complete). The extension host runs on the same machine as the runner, so the test
// simply polls for that file. Nothing here imports `vscode` or playwright: both sides load it.

/**
 * Marks every line the extension host prints on the server path: its console reaches the page as
 * `%c INFO color: #33f <text>`, exactly like the workbench's own log chatter, so the runner keeps
 * only tagged lines (see index.ts, which tags them).
 */
export const OUTPUT_TAG = '@@OUT ';
export const SUMMARY_TAG = '@@SUMMARY';
export const SCREENSHOT_TAG = '@@SCREENSHOT';
export const PROBE_TAG = '@@WEBVIEW-PROBE';
export const ACT_TAG = '@@UI-ACT';

/** Environment the harness gives the extension host (desktop: extensionTestsEnv; server: the server's env). */
export const ENV = {
  /** 'server' or 'desktop': which path runs the tests. */
  harness: 'INTEGRATION_HARNESS',
  /** 'trusted', 'untrusted' or 'installed': which test files this pass runs. */
  pass: 'INTEGRATION_PASS',
  /** Installed pass only: the --extensions-dir the packaged VSIX was installed into. */
  extensionsDir: 'INTEGRATION_EXTENSIONS_DIR',
  /** Where the in-host runner also writes its TestTotals as JSON (desktop: stdout is not ours to parse). */
  totalsFile: 'INTEGRATION_TOTALS_FILE',
} as const;

export type HarnessKind = 'server' | 'desktop';
/**
 * trusted: the development folder, workspace trusted; untrusted: the same in Restricted Mode;
 * installed: the packaged VSIX installed into the server, no development folder of the profiler.
 */
export type TestPass = 'trusted' | 'untrusted' | 'installed';
export const TEST_PASSES: readonly TestPass[] = ['trusted', 'untrusted', 'installed'];

export function isTestPass(v: unknown): v is TestPass {
  return typeof v === 'string' && (TEST_PASSES as readonly string[]).includes(v);
}

export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
  /** Each failed test's full title and its error's first line (CI shows only the log's end). */
  failures?: string[];
}

export interface ScreenshotRequest {
  file: string;
}

export interface ProbeRequest {
  selector: string;
  file: string;
  /** Scroll the first match into view before measuring (so a screenshot shows it). */
  scroll?: boolean;
}

/**
 * What a user does, asked by a test and done by the harness in the browser: click the first visible
 * element matching `selector` (whose text matches `text`, a regular expression, when given; the
 * `nth` one, from 0, when given) in any
 * frame, webviews included; type `text` into what has the focus; or press `key`.
 */
export type ActRequest = (
  | { action: 'click'; selector: string; text?: string; nth?: number; file: string }
  | { action: 'type'; text: string; file: string }
  | { action: 'press'; key: string; file: string }
) & {
  /**
   * Epoch ms after which the test has stopped waiting: the runner then does nothing. Keys typed late
   * land wherever the focus has gone since (once, in a later test's editor, in a fixture file).
   */
  notAfter?: number;
};

export interface ActResult {
  done: boolean;
  /** The frame the click landed in. */
  frameUrl?: string;
  /** Date.now() just before the click that was done was given to Chromium (the harness's clock is the test's: one machine). */
  startedAt?: number;
  error?: string;
}

/** One element matched in one frame. */
export interface ProbedElement {
  tag: string;
  id: string;
  className: string;
  /** First 1,000 characters of its text (a notification's whole message). */
  text: string;
  width: number;
  height: number;
  /** Its top edge in its own frame's viewport, px (which line of an editor a lens sits over). */
  top?: number;
  /** True when its computed visibility is hidden (drawn in the page, not seen). */
  hidden?: boolean;
  /** For an <input>: what it holds now (a quick input's typed path). */
  value?: string;
  /** For a <canvas>: how many of its pixels are not fully transparent (0 means nothing was drawn). */
  paintedPixels?: number;
  /** For a <canvas>: a hash of its pixels, so a test can tell that what was drawn changed. */
  pixelHash?: number;
}

export interface ProbeResult {
  selector: string;
  /** Frames of the page (webview frames included) where the selector matched at least once. */
  frames: { url: string; elements: ProbedElement[] }[];
  /** Set when the probe itself failed. */
  error?: string;
}

export function formatTagged(tag: string, body: unknown): string {
  return `${tag} ${JSON.stringify(body)}`;
}

/** Finds a tagged line anywhere in a console message (the workbench may prefix it). */
export function parseTagged(text: string, tag: string): unknown | undefined {
  const at = text.indexOf(tag + ' {');
  if (at < 0) return undefined;
  const json = text.slice(at + tag.length + 1);
  // The forwarded message may carry trailing styling arguments after the JSON object.
  for (let end = json.lastIndexOf('}'); end > 0; end = json.lastIndexOf('}', end - 1)) {
    try {
      return JSON.parse(json.slice(0, end + 1));
    } catch {
      // keep shortening
    }
  }
  return undefined;
}

export function isTotals(v: unknown): v is TestTotals {
  const o = v as Partial<TestTotals> | undefined;
  return !!o && typeof o.passed === 'number' && typeof o.failed === 'number' && typeof o.skipped === 'number';
}
