import { describe, expect, it } from 'vitest';
import { makeResidentId, parseResidentId } from './idNumber.js';
import { PersonalCipher, parsePersonalDataKeys, testPersonalDataKeys } from './personalCrypto.js';

const TODAY = new Date('2026-12-03T00:00:00Z');

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a number whose check character is right and reads its birth date and gender', () => {
    // The standard's own example: 11010519491231002X.
    const r = parseResidentId('11010519491231002x', TODAY);
    expect(r).toEqual({ ok: true, facts: { normalized: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', divisionCode: '110105' } });
    const made = makeResidentId('150204', '1948-03-07', 131);
    expect(parseResidentId(made, TODAY)).toMatchObject({ ok: true, facts: { birthDate: '1948-03-07', gender: 'male' } });
  });

  it('refuses a wrong check character, an impossible or future birth date and a wrong shape', () => {
    expect(parseResidentId('110105194912310021', TODAY)).toEqual({ ok: false, problem: 'checksum' });
    expect(parseResidentId(makeResidentId('150204', '1990-02-30', 1).slice(0, 17) + '0', TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseResidentId(makeResidentId('150204', '2027-01-01', 1), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseResidentId('15020419900101', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(parseResidentId('0'.repeat(18), TODAY)).toEqual({ ok: false, problem: 'format' });
  });
});

describe('personal data encryption', () => {
  it('seals with the current key, opens with any configured key, and hashes deterministically', () => {
    const cipher = new PersonalCipher(testPersonalDataKeys());
    const a = cipher.seal('11010519491231002X');
    const b = cipher.seal('11010519491231002X');
    expect(a.cipher).not.toBe(b.cipher);
    expect(a.cipher).not.toContain('1101');
    expect(cipher.open(a)).toBe('11010519491231002X');
    expect(cipher.hash('11010519491231002X')).toBe(cipher.hash('11010519491231002X'));
    expect(cipher.hash('11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rotates: rows under an older key still open after a new current key is configured', () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const hash = Buffer.alloc(32, 3).toString('base64');
    const old = new PersonalCipher(parsePersonalDataKeys(`k1:${k1}`, hash)!);
    const sealed = old.seal('secret');
    const rotated = new PersonalCipher(parsePersonalDataKeys(`k2:${k2},k1:${k1}`, hash)!);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.open(sealed)).toBe('secret');
    expect(rotated.seal('x').keyId).toBe('k2');
    const tampered = { ...sealed, cipher: Buffer.from(Buffer.from(sealed.cipher, 'base64').map((v, i) => (i === 14 ? v ^ 1 : v))).toString('base64') };
    expect(() => rotated.open(tampered)).toThrow();
  });

  it('refuses malformed key configuration', () => {
    expect(parsePersonalDataKeys(undefined, undefined)).toBeNull();
    expect(() => parsePersonalDataKeys('k1:short', Buffer.alloc(32).toString('base64'))).toThrow(/32-byte/);
    expect(() => parsePersonalDataKeys(`k1:${Buffer.alloc(32).toString('base64')}`, undefined)).toThrow(/together/);
  });
});
