// Open Report: the file's size is checked before a byte of it is read (a 3 GB file must not be
// loaded into the extension host to be refused), then it is parsed and validated. The file system
// is passed in (vscode.workspace.fs in the extension) so this stays free of `vscode`.
import { MAX_REPORT_BYTES, parseReportText, type ValidationResult } from '../shared/validation/validate';

export interface ReportFileSystem<U> {
  stat(uri: U): PromiseLike<{ size: number; type?: number }>;
  readFile(uri: U): PromiseLike<Uint8Array>;
}

/** vscode.FileType.File: a stat type without this bit is a folder or something else. */
const FILE_TYPE_FILE = 1;

export async function readReportFile<U>(uri: U, fs: ReportFileSystem<U>): Promise<ValidationResult> {
  const stat = await fs.stat(uri);
  if (stat.type !== undefined && (stat.type & FILE_TYPE_FILE) === 0) return { ok: false, errors: ['it is not a file'] };
  if (stat.size > MAX_REPORT_BYTES) {
    return { ok: false, errors: [`it is ${(stat.size / 1048576).toFixed(1)} MB; a report is at most ${MAX_REPORT_BYTES / 1048576} MB`] };
  }
  const bytes = await fs.readFile(uri);
  return parseReportText(new TextDecoder('utf-8').decode(bytes));
}
