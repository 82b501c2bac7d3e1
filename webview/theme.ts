// Colours and fonts come from VS Code's CSS variables, read at chart-build time, so charts follow
// light, dark and high-contrast themes. VS Code swaps the body class and the variables on a theme
// change; charts are rebuilt then (see charts/registry.ts).

export interface Palette {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  blue: string;
  red: string;
  green: string;
  yellow: string;
  orange: string;
  purple: string;
  /** Distinct line colours, in order, for cores and series. */
  series: string[];
}

function themeKind(): Palette['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const kind = themeKind();
  const dark = kind === 'dark' || kind === 'high-contrast';
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  const blue = v('--vscode-charts-blue', dark ? '#3794ff' : '#1a85ff');
  const red = v('--vscode-charts-red', dark ? '#f14c4c' : '#e51400');
  const green = v('--vscode-charts-green', dark ? '#89d185' : '#388a34');
  const yellow = v('--vscode-charts-yellow', dark ? '#cca700' : '#bf8803');
  const orange = v('--vscode-charts-orange', dark ? '#d18616' : '#d18616');
  const purple = v('--vscode-charts-purple', dark ? '#b180d7' : '#652d90');
  const fontSize = parseFloat(v('--vscode-font-size', '13')) || 13;
  return {
    kind,
    foreground,
    muted: v('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    background: v('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    // charts.lines is 50% foreground: too loud for a grid behind data; a faint foreground reads better.
    grid: kind.startsWith('high-contrast') ? v('--vscode-contrastBorder', foreground) : withAlpha(foreground, dark ? 0.16 : 0.13),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize,
    blue, red, green, yellow, orange, purple,
    series: [blue, orange, green, purple, yellow, red],
  };
}

/** `color` with an alpha, for fills; accepts #rgb, #rrggbb(aa) and rgb()/rgba(); other forms stay as they are. */
export function withAlpha(color: string, alpha: number): string {
  const rgb = color.trim().match(/^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i);
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  const hex = color.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i);
  if (!hex) return color;
  let body = hex[1];
  if (body.length === 3) body = body.split('').map((ch) => ch + ch).join('');
  const n = parseInt(body, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Calls `onChange` (once per frame at most) when VS Code switches theme. */
export function watchTheme(onChange: () => void): MutationObserver {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; onChange(); });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  // VS Code writes the --vscode-* variables on <html>'s style attribute.
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return observer;
}

/** Each mode keeps one colour in every chart. */
export function modeColour(p: Palette, mode: string): string {
  switch (mode) {
    case 'sequential': return p.blue;
    case 'async': return p.purple;
    case 'workers': return p.green;
    case 'processes': return p.orange;
    default: return p.muted;
  }
}
