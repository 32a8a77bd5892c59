/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence (odd for men), and a
 * check character computed by ISO 7064 MOD 11-2 over the first 17 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export interface ResidentIdFacts {
  /** The number in its one stored form: 18 characters, upper-case X. */
  normalized: string;
  birthDate: string;
  gender: 'male' | 'female';
  /** The first six digits: the county-level division where it was issued. */
  divisionCode: string;
}

export type ResidentIdProblem = 'format' | 'birth_date' | 'checksum';

/** Upper-case, without spaces: the one form numbers are hashed and compared in. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Checks a resident ID number; `today` bounds the birth date (nobody is born tomorrow or before 1900). */
export function parseResidentId(raw: string, today: Date = new Date()): { ok: true; facts: ResidentIdFacts } | { ok: false; problem: ResidentIdProblem } {
  const id = normalizeIdNumber(raw);
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > todayUtc) {
    return { ok: false, problem: 'birth_date' };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    facts: {
      normalized: id,
      birthDate: id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14),
      gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
      divisionCode: id.slice(0, 6),
    },
  };
}

/** A valid number for tests and generated data: the given 6-digit division, birth date and sequence. */
export function makeResidentId(division: string, birthDate: string, sequence: number): string {
  const first17 = division + birthDate.replaceAll('-', '') + String(sequence % 1000).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}
