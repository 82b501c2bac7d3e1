// What the CLI (and anything else that writes files) needs to turn a Report into text.
export { renderTable, renderModeLine, terminalText } from './table';
export type { TableOptions } from './table';
export { renderCsv, csvText, CSV_COLUMNS } from './csv';
export { renderTrace } from './trace';
export { renderPrediction } from './predictionTable';
export type { TraceEvent, TraceFile } from './trace';
export { renderComparison, renderComparisonMarkdown } from './comparisonTable';
