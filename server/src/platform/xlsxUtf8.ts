import ExcelJS from 'exceljs';

/**
 * exceljs 4.4's streaming reader turns every decompressed chunk of a sheet into text on its own
 * (utils/parse-sax.js), so a Chinese character whose three UTF-8 bytes straddle two chunks becomes "��" — about
 * one cell in a few thousand of a large register (exceljs issues #2063, #2084; unfixed upstream). Installed once,
 * this decodes the worksheet and shared-strings streams with one streaming decoder each, so characters are only
 * ever cut between, not inside. The reader treats text chunks as already decoded.
 */
type Chunk = Buffer | Uint8Array | string;
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: number): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  __lianxinUtf8?: true;
}

export async function* wholeCharacters(chunks: AsyncIterable<Chunk>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export function installXlsxUtf8Fix(): void {
  const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
  if (proto.__lianxinUtf8) return;
  const parseWorksheet = proto._parseWorksheet;
  const parseSharedStrings = proto._parseSharedStrings;
  if (typeof parseWorksheet !== 'function' || typeof parseSharedStrings !== 'function') {
    throw new Error('exceljs changed its streaming reader: review platform/xlsxUtf8.ts');
  }
  proto._parseWorksheet = function (this: ReaderInternals, iterator, sheetNo) {
    return parseWorksheet.call(this, wholeCharacters(iterator), sheetNo);
  };
  proto._parseSharedStrings = function (this: ReaderInternals, entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  proto.__lianxinUtf8 = true;
}

installXlsxUtf8Fix();
