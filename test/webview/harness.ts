// Runs the panel alone in headless Chromium: bundles webview/main.ts (its own build, so a broken
// file elsewhere in the tree cannot stop these tests), serves the page that panelHtml() builds
// from 127.0.0.1 with a fake cspSource, and mimics VS Code's theme (body class + --vscode-* vars).

import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/panelHtml';

export const ROOT = resolve(__dirname, '../../..');

/** Where a test's screenshot `name` goes: test-results/, made if missing. */
export function screenshotPath(name: string): string {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export const DARK_THEME: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Segoe WPC", "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '12px',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-widget-border': '#313131',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textLink-activeForeground': '#4daafc',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-editorError-foreground': '#f14c4c',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-editorInfo-foreground': '#3794ff',
  '--vscode-inputValidation-errorBackground': '#5a1d1d',
  '--vscode-inputValidation-errorBorder': '#be1100',
};

export const LIGHT_THEME: Record<string, string> = {
  ...DARK_THEME,
  '--vscode-editor-foreground': '#3b3b3b',
  '--vscode-editor-background': '#ffffff',
  '--vscode-descriptionForeground': '#6f6f6f',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-widget-border': '#e5e5e5',
  '--vscode-editorWidget-background': '#f8f8f8',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-textLink-foreground': '#005fb8',
  '--vscode-textLink-activeForeground': '#005fb8',
  '--vscode-button-background': '#005fb8',
  '--vscode-button-hoverBackground': '#0258a8',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-button-secondaryHoverBackground': '#cccccc',
  '--vscode-dropdown-background': '#ffffff',
  '--vscode-dropdown-foreground': '#3b3b3b',
  '--vscode-dropdown-border': '#cecece',
  '--vscode-textCodeBlock-background': '#f2f2f2',
  '--vscode-charts-foreground': '#616161',
  '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-red': '#e51400',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#652d90',
  '--vscode-editorError-foreground': '#e51400',
  '--vscode-editorWarning-foreground': '#bf8803',
  '--vscode-editorInfo-foreground': '#1a85ff',
  '--vscode-inputValidation-errorBackground': '#f2dede',
  '--vscode-inputValidation-errorBorder': '#be1100',
};

/** VS Code's Dark High Contrast: black, white text, a cyan contrast border, no faint fills. */
export const HIGH_CONTRAST_THEME: Record<string, string> = {
  ...DARK_THEME,
  '--vscode-editor-foreground': '#ffffff',
  '--vscode-editor-background': '#000000',
  '--vscode-descriptionForeground': '#ffffff',
  '--vscode-contrastBorder': '#6fc3df',
  '--vscode-contrastActiveBorder': '#f38518',
  '--vscode-panel-border': '#6fc3df',
  '--vscode-widget-border': '#6fc3df',
  '--vscode-editorWidget-background': '#0c141f',
  '--vscode-focusBorder': '#f38518',
  '--vscode-textLink-foreground': '#21a6ff',
  '--vscode-button-background': '#000000',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-border': '#6fc3df',
  '--vscode-charts-foreground': '#ffffff',
  // The chart colours are the dark theme's, as in VS Code's own high-contrast theme.
};

export type Theme = 'dark' | 'light' | 'high-contrast';

export interface PanelSite {
  url: string;
  close(): Promise<void>;
}

/** Bundles the panel as esbuild.mjs does (browser, iife) and serves it beside its HTML. */
export async function servePanel(): Promise<PanelSite> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-webview-'));
  await esbuild.build({
    entryPoints: [join(ROOT, 'webview/main.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022',
    outfile: join(dir, 'main.js'), logLevel: 'silent',
  });
  copyFileSync(join(ROOT, 'webview/panel.css'), join(dir, 'panel.css'));
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/panel.html') {
      // A fresh nonce per page, as the host makes one per render.
      const html = panelHtml({ cspSource: origin, scriptUri: `${origin}/main.js`, styleUri: `${origin}/panel.css`, nonce: randomBytes(18).toString('base64'), title: 'Parallelism' });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/main.js' || path === '/panel.css') {
      const type = path.endsWith('.js') ? 'text/javascript' : 'text/css';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(join(dir, path.slice(1))));
    } else if (path === '/favicon.ico') {
      // Chromium asks for one; a VS Code webview does not. Not the panel's request.
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no server address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/panel.html`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** What a page did that a test may object to. */
export interface PageLog {
  errors: string[];
  dialogs: string[];
  requests: string[];
}

// Runs before the panel's script (CDP injects it, so the CSP does not apply to it): records
// CSP violations where the test can read them.
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
  });
`;

export async function openPanel(browser: Browser, url: string, opts: { theme?: Theme; initScript?: string; width?: number } = {}): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1100, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const log: PageLog = { errors: [], dialogs: [], requests: [] };
  page.on('console', (msg) => { if (msg.type() === 'error') log.errors.push(msg.text()); });
  page.on('pageerror', (err) => log.errors.push(`pageerror: ${err.message}`));
  page.on('dialog', (d) => { log.dialogs.push(d.message()); void d.dismiss(); });
  page.on('request', (r) => log.requests.push(r.url()));
  await page.addInitScript(RECORD_VIOLATIONS + (opts.initScript ?? ''));
  await page.goto(url);
  await setTheme(page, opts.theme ?? 'dark');
  await waitInPage(page, 'Array.isArray(window.__ppPosted) || window.__ppTestApi === true');
  return { page, log };
}

/** What a describe block gets from usePanelBrowser(). */
export interface PanelBrowser {
  /** Opens the panel in a fresh browser context; the page is closed after the test. */
  open(opts?: Parameters<typeof openPanel>[2]): Promise<{ page: Page; log: PageLog }>;
  /** The served panel's address. */
  readonly url: string;
}

/**
 * One headless Chromium and one served panel for the enclosing describe block (mocha hooks), every
 * page opened through it closed after its test, both closed after the block.
 */
export function usePanelBrowser(): PanelBrowser {
  let browser: Browser | undefined;
  let site: PanelSite | undefined;
  const pages: Page[] = [];
  before(async () => {
    site = await servePanel();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
  });
  return {
    async open(opts = {}) {
      if (!browser || !site) throw new Error('usePanelBrowser: open() before the block started');
      const opened = await openPanel(browser, site.url, opts);
      pages.push(opened.page);
      return opened;
    },
    get url() {
      if (!site) throw new Error('usePanelBrowser: url before the block started');
      return site.url;
    },
  };
}

/** Switches theme as VS Code does: the body's class and the variables on <html>'s style. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  const vars = theme === 'dark' ? DARK_THEME : theme === 'light' ? LIGHT_THEME : HIGH_CONTRAST_THEME;
  await page.evaluate(`(() => {
    const vars = ${JSON.stringify(vars)};
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
    document.body.classList.add(${JSON.stringify(`vscode-${theme}`)});
    document.body.dataset.vscodeThemeKind = ${JSON.stringify(`vscode-${theme}`)};
  })()`);
}

/**
 * Polls an expression in the page until it is truthy. Not page.waitForFunction: when its first check
 * fails, Playwright compiles the predicate inside the page for polling, which the panel's CSP (no
 * 'unsafe-eval') refuses, so a slow machine turned a wait into an EvalError. page.evaluate goes
 * through the DevTools protocol, which the page's CSP does not govern.
 */
export async function waitInPage(page: Page, expression: string, timeoutMs = 20_000, what = expression): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function postReport(page: Page, message: unknown): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
}

export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reports', name), 'utf8')) as Record<string, unknown>;
}

/** Waits until every canvas on the page has a chart drawn (Chart.js sets its size). */
export async function waitForCharts(page: Page, min: number): Promise<void> {
  await waitInPage(page, `document.querySelectorAll('canvas').length >= ${min} && [...document.querySelectorAll('canvas')].every((c) => c.width > 0 && c.height > 0)`, 20_000, `${min} drawn charts`);
  // One more frame, so the last chart has painted.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

export interface CanvasInk { id: string; width: number; height: number; inked: number; corner: string }

/** For each canvas: the share of pixels that differ from its top-left (background) pixel. */
export function canvasInk(page: Page): Promise<CanvasInk[]> {
  return page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) inked++;
    }
    return { id: c.closest('[data-chart]')?.getAttribute('data-chart') ?? '?', width: c.width, height: c.height, inked: inked / (c.width * c.height), corner: 'rgb(' + r0 + ',' + g0 + ',' + b0 + ')' };
  })`) as Promise<CanvasInk[]>;
}

export function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate('window.__ppPosted ?? []') as Promise<{ type: string; [k: string]: unknown }[]>;
}

export function violations(page: Page): Promise<string[]> {
  return page.evaluate('window.__cspViolations ?? []') as Promise<string[]>;
}
