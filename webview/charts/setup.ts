// Chart.js, registered piece by piece (tree-shaken) with the panel's own plugins, and defaults
// taken from the current VS Code theme. Animation is off: a profiler's charts should appear at
// once, and a huge report must not spend frames animating.

import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale,
  LogarithmicScale, LineController, LineElement, PointElement, ScatterController, Tooltip,
} from 'chart.js';
import type { Palette } from '../theme';
import { backgroundPlugin, referenceLinesPlugin, whiskersPlugin } from './plugins';

let registered = false;

export function setupCharts(palette: Palette): void {
  if (!registered) {
    Chart.register(
      BarController, BarElement, CategoryScale, Filler, Legend, LinearScale,
      LogarithmicScale, LineController, LineElement, PointElement, ScatterController, Tooltip,
      backgroundPlugin, referenceLinesPlugin, whiskersPlugin,
    );
    registered = true;
  }
  Chart.defaults.animation = false;
  Chart.defaults.color = palette.foreground;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = palette.fontFamily;
  Chart.defaults.font.size = Math.max(11, palette.fontSize - 1);
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
  Chart.defaults.plugins.tooltip.animation = false;
  Chart.defaults.elements.point.radius = 0;
  Chart.defaults.elements.line.borderWidth = 1.5;
}

export { Chart };
