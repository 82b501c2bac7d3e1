// Export and re-run: the host does the work (file dialogs, the trace writer); the panel only asks.

import type { ExportFormat } from '../../src/shared/panel/protocol';
import { button, h } from '../dom';
import { postToHost } from '../vscodeApi';

export function renderToolbar(): HTMLElement {
  const exp = (format: ExportFormat, label: string, help: string) =>
    button(label, () => postToHost({ type: 'export', format }), { 'data-export': format, title: help });
  return h('nav', { class: 'pp-toolbar', 'aria-label': 'Report actions' },
    h('span', { class: 'pp-toolbar-label', id: 'pp-export-label' }, 'Export'),
    h('div', { class: 'pp-button-group', role: 'group', 'aria-labelledby': 'pp-export-label' },
      exp('json', 'JSON', 'Save the report as JSON'),
      exp('csv', 'CSV', 'Save the numbers per mode as CSV'),
      exp('trace', 'Trace', 'Save a Chrome/Perfetto trace of the tasks'),
    ),
    button('Compare with…', () => postToHost({ type: 'compareWith' }), { 'data-action': 'compareWith', title: 'Compare this report with an earlier run or a report file, with significance' }),
    button('Re-run', () => postToHost({ type: 'rerun' }), { class: 'pp-primary', 'data-action': 'rerun', title: 'Profile again with the same settings' }),
  );
}
