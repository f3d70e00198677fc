import type { InputRecord } from '../formats/manifest.js';
import { renderColumns } from './columns.js';

const KIND_NAMES: Record<InputRecord['kind'], string> = { 'work-log': 'work log', customers: 'customers', 'top-ups': 'top-ups', decisions: 'decisions' };
const ENCODING_NAMES = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 with BOM', 'windows-1250': 'Windows-1250' } as const;

/** The input files as `validate` found them: kind, valid rows, and how each was read. */
export function renderInputsText(files: readonly (InputRecord & { rows: number | null })[]): string {
  const rows = files.map((file) => {
    const readAs = file.encoding === undefined ? 'not readable' : `${ENCODING_NAMES[file.encoding]}, ${file.delimiter ?? ''}`;
    return [file.file, KIND_NAMES[file.kind], file.rows === null ? '' : String(file.rows), readAs];
  });
  const columns = (['left', 'left', 'right', 'left'] as const).map((align) => ({ align }));
  return `${renderColumns(columns, rows, ['File', 'Kind', 'Valid rows', 'Read as'])}\n`;
}
