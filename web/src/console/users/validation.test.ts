import { describe, expect, it } from 'vitest';
import { isAcceptablePassword, isAcceptableUsername, MOBILE_PATTERN, normalizeMobile } from './validation';

describe('account input rules', () => {
  it('accepts 11-digit mobile numbers starting with 1, typed with spaces, dashes or +86', () => {
    expect(MOBILE_PATTERN.test(normalizeMobile('138 0000 1111'))).toBe(true);
    expect(MOBILE_PATTERN.test(normalizeMobile('+86 138-0000-1111'))).toBe(true);
    expect(MOBILE_PATTERN.test(normalizeMobile('2380000111'))).toBe(false);
    expect(MOBILE_PATTERN.test(normalizeMobile('1380000111'))).toBe(false);
    expect(MOBILE_PATTERN.test(normalizeMobile('23800001111'))).toBe(false);
  });

  it('refuses usernames that look like mobile numbers or use other characters', () => {
    expect(isAcceptableUsername('baoli.zhang')).toBe(true);
    expect(isAcceptableUsername('13800001111')).toBe(false);
    expect(isAcceptableUsername('张三')).toBe(false);
    expect(isAcceptableUsername('ab')).toBe(false);
  });

  it('wants 8 to 64 characters with letters and digits', () => {
    expect(isAcceptablePassword('Demo@2026')).toBe(true);
    expect(isAcceptablePassword('abcdefgh')).toBe(false);
    expect(isAcceptablePassword('a1')).toBe(false);
    expect(isAcceptablePassword(`a1${'x'.repeat(63)}`)).toBe(false);
  });
});
