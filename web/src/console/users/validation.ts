/** Mainland mobile numbers: 11 digits starting with 1 (the server applies the same rule). */
export const MOBILE_PATTERN = /^1\d{10}$/;

/** Login names: letters, digits, dot, underscore, hyphen; 3 to 32 characters, like the demo "baoli.staff". */
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;

/**
 * The login form takes a username or a mobile number, so a username shaped like a mobile number would be
 * ambiguous; the server refuses it too.
 */
export function isAcceptableUsername(value: string): boolean {
  const name = value.trim();
  return USERNAME_PATTERN.test(name) && !MOBILE_PATTERN.test(name);
}

/** 8 to 64 characters with a letter and a digit, the server's rule (platform/password.ts). */
export function isAcceptablePassword(value: string): boolean {
  return value.length >= 8 && value.length <= 64 && /[A-Za-z]/.test(value) && /\d/.test(value);
}

/** Strip what people type around phone numbers: spaces, dashes and the +86 country code. */
export function normalizeMobile(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/^(\+86|0086)(?=\d{11}$)/, '');
}
