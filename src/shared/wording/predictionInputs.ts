// What the prediction was fed, per parallel mode, in one sentence each: the panel and the CLI show the
// same words, so a user can see which measured cost drives a curve (and check it against the run).
// No node, no vscode, no DOM: the webview compiles this file too.
import { formatMs, modeLabel } from './format';
import type { Prediction } from '../report/report';

export function predictionInputsWords(p: Prediction): string[] {
  return p.inputs.modes.map((m) => {
    const parts = [`${formatMs(m.perMessageMs)} a message between tasks`];
    if (m.engineMs !== undefined) parts.push(`${formatMs(m.engineMs)} of it on the engine's thread (queued there, and on a share of a core once the lanes fill every core)`);
    if (m.cpuPerMessageMs !== undefined) parts.push(`${formatMs(m.cpuPerMessageMs)} of CPU a message beyond the task's own (both sides, copies, garbage collection)`);
    if (m.perByteMs > 0) parts.push(`${formatMs(m.perByteMs * 1024 * 1024)} a MiB crossing`);
    parts.push(`${formatMs(m.latencyMs)} before the first task and after the last`);
    const label = modeLabel(m.mode);
    // Where the threads ran changes a message's cost by a fifth on a small VM: say which it was.
    const where = m.placement
      ? `, the engine's thread held on core ${m.placement.engineCore} and the lane's on core ${m.placement.laneCores.join(', ')}`
      : ', its threads where the OS put them';
    return `${label.charAt(0).toUpperCase()}${label.slice(1)}, measured on one lane${where}: ${parts.join('; ')}.`;
  });
}
