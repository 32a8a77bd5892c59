import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows } from '../modules/requests/import/sheet.js';
import { wholeCharacters } from './xlsxUtf8.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lianxin-xlsx-utf8-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function write(file: string, rows: number, sharedStrings: boolean) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: sharedStrings, useStyles: false });
  const sheet = book.addWorksheet('实有人口');
  for (let i = 0; i < rows; i++) sheet.addRow([`王建国${i}`, '呼和浩特市新城区草原社区', `${(i % 40) + 1}号楼`, '在住']).commit();
  sheet.commit();
  await book.commit();
}

describe('the streaming xlsx reader', () => {
  it('keeps a character whose bytes are split between two chunks', async () => {
    const bytes = Buffer.from('<t>草原社区</t>');
    async function* split() {
      yield bytes.subarray(0, 5);
      yield bytes.subarray(5, 9);
      yield bytes.subarray(9);
    }
    let text = '';
    for await (const part of wholeCharacters(split())) text += part;
    expect(text).toBe('<t>草原社区</t>');
  });

  it('reads a large Chinese sheet without a replacement character, inline or shared strings', async () => {
    for (const shared of [false, true]) {
      const file = path.join(dir, `big-${shared}.xlsx`);
      await write(file, 20_000, shared);
      let bad = 0;
      let rows = 0;
      for await (const row of readRows(file, 'xlsx')) {
        rows++;
        if (row.cells.some((c) => typeof c === 'string' && c.includes('\uFFFD'))) bad++;
      }
      expect(rows).toBe(20_000);
      expect(bad, `shared strings: ${shared}`).toBe(0);
    }
  }, 120_000);
});
