import { describe, expect, it } from 'vitest';
import { checkResidentId } from './idCheck';

describe('checkResidentId', () => {
  it('accepts a valid number and reads the birth date and gender', () => {
    expect(checkResidentId('11010519491231002X', '2026-03-01')).toEqual({ ok: true, facts: { birthDate: '1949-12-31', gender: 'female' } });
  });

  it('names what is wrong', () => {
    expect(checkResidentId('110105194912310021', '2026-03-01')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkResidentId('110105194902300021', '2026-03-01')).toEqual({ ok: false, problem: 'birth_date' });
    expect(checkResidentId('1101051949123100', '2026-03-01')).toEqual({ ok: false, problem: 'format' });
  });
});
