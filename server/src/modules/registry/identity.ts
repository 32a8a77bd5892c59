import type { PersonalCipher } from '../../platform/personalCrypto.js';
import { normalizeIdNumber, parseResidentId } from '../../platform/idNumber.js';
import type { Gender, IdKind } from '../../db/schema/registry.js';
import { dayAsDate } from './age.js';
import { ETHNICITIES } from './ethnicities.js';
import { registryErrors } from './errors.js';

/**
 * Checking and sealing what identifies a person. A resident ID is checked (GB 11643) and gives the birth date and
 * gender; every document number is stored only as AES-GCM cipher + key id, a keyed hash (exact search, duplicates)
 * and its last four characters.
 */
export interface SealedId {
  idKind: IdKind;
  idCipher: string;
  idKeyId: string;
  idHash: string;
  idLast4: string;
}

export interface CheckedId {
  sealed: SealedId;
  birthDate?: string;
  gender?: Gender;
}

export function checkIdNumber(personal: PersonalCipher, kind: IdKind, raw: string, today: string): CheckedId {
  const normalized = normalizeIdNumber(raw);
  if (!normalized) throw registryErrors.idNumberRequired();
  let facts: { birthDate: string; gender: Gender } | undefined;
  if (kind === 'resident_id') {
    const parsed = parseResidentId(normalized, dayAsDate(today));
    if (!parsed.ok) throw registryErrors.idNumberInvalid(parsed.problem);
    facts = { birthDate: parsed.facts.birthDate, gender: parsed.facts.gender };
  } else if (!/^[A-Z0-9()（）-]{4,40}$/.test(normalized)) {
    throw registryErrors.idNumberInvalid('format');
  }
  const { cipher, keyId } = personal.seal(normalized);
  return {
    sealed: { idKind: kind, idCipher: cipher, idKeyId: keyId, idHash: personal.hash(normalized), idLast4: normalized.slice(-4) },
    ...facts,
  };
}

/** The keyed hash of what someone typed into a search box, when it could be a document number. */
export function idHashOfQuery(personal: PersonalCipher, q: string): string | undefined {
  const normalized = normalizeIdNumber(q);
  return /^[0-9A-Z]{8,40}$/.test(normalized) && /\d{6}/.test(normalized) ? personal.hash(normalized) : undefined;
}

export function cleanMobile(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (!digits) return null;
  if (!/^1\d{10}$/.test(digits)) throw registryErrors.mobileInvalid();
  return digits;
}

export function checkEthnicity(raw: string | null | undefined): string | null {
  if (raw == null || !raw.trim()) return null;
  const v = raw.trim();
  const known = (ETHNICITIES as readonly string[]).includes(v) ? v : (ETHNICITIES as readonly string[]).includes(`${v}族`) ? `${v}族` : null;
  if (!known) throw registryErrors.ethnicityUnknown();
  return known;
}

export const cleanText = (raw: string | null | undefined): string | null => (raw == null || !raw.trim() ? null : raw.trim());
