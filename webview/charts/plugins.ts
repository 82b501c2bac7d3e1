// Small Chart.js plugins the panel needs and Chart.js lacks: min–max whiskers on bars, dashed
// reference lines (the ideal speedup) and an opaque background so an exported PNG is readable.

import type { Chart, ChartType, Plugin } from 'chart.js';

export interface WhiskerOptions {
  /** Per bar of dataset 0 (index-aligned with labels): [low, high] or null for none. */
  ranges?: ([number, number] | null)[];
  color?: string;
}

export interface ReferenceLine {
  value: number;
  label: string;
  color: string;
  /** Axis the value is on; 'y' by default (a horizontal line). */
  axis?: 'x' | 'y';
}

export interface ReferenceLinesOptions {
  lines?: ReferenceLine[];
}

export interface BackgroundOptions {
  color?: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    ppWhiskers?: WhiskerOptions;
    ppReferenceLines?: ReferenceLinesOptions;
    ppBackground?: BackgroundOptions;
  }
}

export const whiskersPlugin: Plugin = {
  id: 'ppWhiskers',
  afterDatasetsDraw(chart: Chart, _args, options: WhiskerOptions) {
    const ranges = options.ranges;
    if (!ranges || !chart.isDatasetVisible(0)) return;
    const meta = chart.getDatasetMeta(0);
    const horizontal = chart.options.indexAxis === 'y';
    const valueScale = horizontal ? chart.scales.x : chart.scales.y;
    if (!valueScale) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = options.color ?? '#888';
    ctx.lineWidth = 1.5;
    meta.data.forEach((bar, i) => {
      const range = ranges[i];
      if (!range || !Number.isFinite(range[0]) || !Number.isFinite(range[1])) return;
      const { x, y, width, height } = bar.getProps(['x', 'y', 'width', 'height'], true) as { x: number; y: number; width: number; height: number };
      const a = valueScale.getPixelForValue(range[0]);
      const b = valueScale.getPixelForValue(range[1]);
      const cap = Math.max(4, Math.min(10, (horizontal ? height : width) * 0.3));
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(a, y); ctx.lineTo(b, y);
        ctx.moveTo(a, y - cap / 2); ctx.lineTo(a, y + cap / 2);
        ctx.moveTo(b, y - cap / 2); ctx.lineTo(b, y + cap / 2);
      } else {
        ctx.moveTo(x, a); ctx.lineTo(x, b);
        ctx.moveTo(x - cap / 2, a); ctx.lineTo(x + cap / 2, a);
        ctx.moveTo(x - cap / 2, b); ctx.lineTo(x + cap / 2, b);
      }
      ctx.stroke();
    });
    ctx.restore();
  },
};

export const referenceLinesPlugin: Plugin = {
  id: 'ppReferenceLines',
  afterDatasetsDraw(chart: Chart, _args, options: ReferenceLinesOptions) {
    const lines = options.lines;
    if (!lines || lines.length === 0) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    for (const line of lines) {
      const axis = line.axis ?? 'y';
      const scale = axis === 'y' ? chart.scales.y : chart.scales.x;
      if (!scale || !Number.isFinite(line.value)) continue;
      const p = scale.getPixelForValue(line.value);
      if (axis === 'y' && (p < chartArea.top - 1 || p > chartArea.bottom + 1)) continue;
      if (axis === 'x' && (p < chartArea.left - 1 || p > chartArea.right + 1)) continue;
      ctx.strokeStyle = line.color;
      ctx.fillStyle = line.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      if (axis === 'y') { ctx.moveTo(chartArea.left, p); ctx.lineTo(chartArea.right, p); }
      else { ctx.moveTo(p, chartArea.top); ctx.lineTo(p, chartArea.bottom); }
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = `${Math.max(10, (chart.options.font?.size as number | undefined) ?? 11)}px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.textBaseline = 'bottom';
      if (axis === 'y') { ctx.textAlign = 'right'; ctx.fillText(line.label, chartArea.right - 4, p - 3); }
      else { ctx.textAlign = 'left'; ctx.fillText(line.label, p + 4, chartArea.top + 12); }
    }
    ctx.restore();
  },
};

export const backgroundPlugin: Plugin = {
  id: 'ppBackground',
  beforeDraw(chart: Chart, _args, options: BackgroundOptions) {
    if (!options.color) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};
