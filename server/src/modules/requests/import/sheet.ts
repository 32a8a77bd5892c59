import fs from 'node:fs';
import fsp from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { AppError, errors } from '../../../platform/errors.js';
// Whole characters from the streaming reader (a fix for exceljs, installed on import).
import '../../../platform/xlsxUtf8.js';
import type { Cell } from './columns.js';

/**
 * Rows of an uploaded work-order sheet, one at a time: .xlsx through exceljs' streaming reader (first worksheet),
 * .csv decoded as UTF-8 (with or without BOM) or, failing that, GB18030 (what Excel saves in Chinese Windows).
 */
export type SheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it. */
  rowNumber: number;
  cells: Cell[];
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** How much of the file the format is judged by. */
const SNIFF_BYTES = 512;

/** Decide by content (and name for CSV); .xls and other binaries are refused with a way out. */
export async function sniffFormat(file: string, name: string | null): Promise<SheetFormat> {
  const handle = await fsp.open(file, 'r');
  let head: Buffer;
  try {
    // Only what was read counts: a short file must not be judged by the zero padding of the buffer.
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (head.subarray(0, 4).equals(OLE)) {
    throw errors.badRequest('import_xls_unsupported', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入', 'Old .xls files are not supported; save the sheet as .xlsx or .csv in Excel and import that');
  }
  if (name !== null && !/\.(csv|txt)$/i.test(name)) {
    throw errors.badRequest('import_format_unsupported', '只能导入 .xlsx 或 .csv 文件', 'Only .xlsx and .csv files can be imported');
  }
  if (!looksLikeText(head)) {
    throw errors.badRequest(
      'import_format_unsupported',
      '文件内容不是 .xlsx 表格或文本格式的 .csv，请在 Excel 中另存为 .xlsx 或 .csv 后再导入',
      'The file is neither an .xlsx workbook nor a text .csv; save the sheet as .xlsx or .csv in Excel and import that',
    );
  }
  return 'csv';
}

/**
 * Text in UTF-8 or GB18030 without control characters other than tab, line feed, vertical tab, form feed and
 * carriage return (in both encodings every byte below 0x30 stands for itself). The head may end inside a
 * character, so it is decoded as the start of a stream.
 */
function looksLikeText(head: Buffer): boolean {
  if (head.some((b) => (b < 0x20 && (b < 0x09 || b > 0x0d)) || b === 0x7f)) return false;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
      return true;
    } catch {
      // Not this encoding; try the next.
    }
  }
  return false;
}

export async function* readRows(file: string, format: SheetFormat): AsyncGenerator<SheetRow> {
  if (format === 'csv') yield* csvRows(decodeText(await fsp.readFile(file)));
  else yield* xlsxRows(file);
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180: comma-separated, quotes doubled inside quoted fields, CRLF or LF line ends, newlines inside quotes. */
export function* csvRows(text: string): Generator<SheetRow> {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const finish = function* (): Generator<SheetRow> {
    row.push(field);
    field = '';
    if (row.some((c) => c.trim() !== '')) yield { rowNumber: rowStart, cells: row.map((c) => (c === '' ? null : c)) };
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      yield* finish();
      line++;
      rowStart = line;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) yield* finish();
}

type RichValue = { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const rich = value as RichValue;
  if (rich.richText) return rich.richText.map((r) => r.text).join('');
  if ('result' in rich) return toCell(rich.result);
  if (rich.text !== undefined) return toCell(rich.text);
  return null;
}

async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  // Our own stream, so stopping early (header check, first sheet only) always closes the file.
  const input = fs.createReadStream(file);
  try {
    // Styles are needed to tell date cells from numbers; hyperlinks and other sheets are skipped.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map(toCell);
        if (values.some((v) => v !== null && String(v).trim() !== '')) yield { rowNumber: row.number, cells: values };
      }
      return;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw errors.badRequest('import_file_unreadable', '无法读取该 Excel 文件，请确认文件未损坏', 'The Excel file cannot be read; check that it is not damaged');
  } finally {
    input.destroy();
  }
}
