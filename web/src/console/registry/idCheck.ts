/**
 * The resident ID check (GB 11643) as the server makes it (server/src/platform/idNumber.ts), so the form can say
 * what is wrong before sending; the server checks again either way.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdProblem = 'format' | 'birth_date' | 'checksum';

export interface IdFacts {
  birthDate: string;
  gender: 'male' | 'female';
}

export function checkResidentId(raw: string, today: string): { ok: true; facts: IdFacts } | { ok: false; problem: IdProblem } {
  const id = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birthDate > today) {
    return { ok: false, problem: 'birth_date' };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  if (CHECK_CHARS[sum % 11] !== id[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, facts: { birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}
