import ExcelJS from 'exceljs';

export interface XlsxColumn {
  header: string;
  key: string;
  width: number;
  /** Cells hold dates: shown as yyyy-mm-dd hh:mm. */
  date?: boolean;
}

export type XlsxCell = string | number | Date | null;

/**
 * A workbook written row by row to a file with exceljs' streaming writer: each committed row is flushed to the
 * zip stream, so memory stays flat however many rows there are. Shared strings are off for the same reason.
 */
export class XlsxStreamWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(filename: string, sheetName: string, columns: XlsxColumn[]) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useStyles: true, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style: c.date ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
    }));
    const header = this.sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
  }

  addRow(cells: XlsxCell[]): void {
    this.sheet.addRow(cells).commit();
  }

  async commit(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
