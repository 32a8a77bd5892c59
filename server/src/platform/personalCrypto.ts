import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest for ID numbers and other identifying numbers (PIPL art. 51): AES-256-GCM under a key chosen
 * by id, so keys can rotate (new rows use the current key; old rows keep naming theirs until re-encrypted), and an
 * HMAC-SHA256 under a separate key for exact search and duplicate detection without decrypting.
 */
export interface PersonalDataKeys {
  /** Encryption keys by id, 32 bytes each; `current` encrypts, all decrypt. */
  keys: Map<string, Buffer>;
  current: string;
  /** HMAC key (≥ 32 bytes); changing it needs every hash recomputed, so it does not rotate with the others. */
  hashKey: Buffer;
}

export interface Sealed {
  cipher: string;
  keyId: string;
}

export class PersonalCipher {
  constructor(private readonly material: PersonalDataKeys) {
    if (!material.keys.has(material.current)) throw new Error(`personal data key "${material.current}" is not among the keys`);
  }

  get currentKeyId(): string {
    return this.material.current;
  }

  seal(plain: string): Sealed {
    const key = this.material.keys.get(this.material.current)!;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return { cipher: Buffer.concat([iv, body, c.getAuthTag()]).toString('base64'), keyId: this.material.current };
  }

  open(sealed: Sealed): string {
    const key = this.material.keys.get(sealed.keyId);
    if (!key) throw new Error(`personal data key "${sealed.keyId}" is not configured`);
    const raw = Buffer.from(sealed.cipher, 'base64');
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  }

  /** Keyed hash of an already-normalised value (hex). */
  hash(normalized: string): string {
    return createHmac('sha256', this.material.hashKey).update(normalized, 'utf8').digest('hex');
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * `PERSONAL_DATA_KEYS`: "id:base64key[,id:base64key…]", the first being current; `PERSONAL_DATA_HASH_KEY`: base64.
 * Returns null when neither is set; throws a readable message for anything malformed.
 */
export function parsePersonalDataKeys(keysRaw: string | undefined, hashRaw: string | undefined): PersonalDataKeys | null {
  const keysText = keysRaw?.trim() ?? '';
  const hashText = hashRaw?.trim() ?? '';
  if (!keysText && !hashText) return null;
  if (!keysText || !hashText) throw new Error('PERSONAL_DATA_KEYS and PERSONAL_DATA_HASH_KEY are set together');
  const keys = new Map<string, Buffer>();
  let current = '';
  for (const part of keysText.split(',')) {
    const [id, b64] = part.trim().split(':');
    const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (!id || !KEY_ID.test(id) || key.length !== 32 || keys.has(id)) {
      throw new Error('PERSONAL_DATA_KEYS must be "id:key,…" with distinct ids of letters/digits and 32-byte base64 keys (openssl rand -base64 32)');
    }
    keys.set(id, key);
    if (!current) current = id;
  }
  const hashKey = Buffer.from(hashText, 'base64');
  if (hashKey.length < 32) throw new Error('PERSONAL_DATA_HASH_KEY must be at least 32 bytes, base64 (openssl rand -base64 32)');
  return { keys, current, hashKey };
}

/** Fixed keys for tests and the throw-away databases of tooling: never for data anyone keeps. */
export function testPersonalDataKeys(): PersonalDataKeys {
  return { keys: new Map([['test', Buffer.alloc(32, 7)]]), current: 'test', hashKey: Buffer.alloc(32, 9) };
}

/**
 * Keys for a machine without configuration (a laptop running the embedded database): made once under the data
 * directory (`secrets/personal-data.json`, mode 0600) and read from there afterwards. Back it up with the data —
 * without it the ID numbers cannot be read.
 */
export function localPersonalDataKeys(dataDir: string): PersonalDataKeys {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, 'personal-data.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fresh = { keys: { local1: randomBytes(32).toString('base64') }, current: 'local1', hashKey: randomBytes(32).toString('base64') };
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, string>; current: string; hashKey: string };
  return {
    keys: new Map(Object.entries(saved.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')])),
    current: saved.current,
    hashKey: Buffer.from(saved.hashKey, 'base64'),
  };
}
