/**
 * What a resident types or pastes to check in: the code printed under the room's QR code (in groups of four;
 * the spaces are dropped, while "-" and "_" belong to the code), or the whole link the QR code holds, from
 * which the token is taken.
 */
export function parseCheckinCode(input: string): string {
  const text = input.trim();
  if (/^https?:\/\//i.test(text) || text.includes('token=')) {
    try {
      const token = new URL(text, 'http://local').searchParams.get('token');
      if (token) return token.trim();
    } catch {
      // Not a link after all: treat it as a typed code below.
    }
  }
  return text.replace(/\s+/g, '');
}

/** The printed code in groups, easier to read aloud and to type: "123 456" for the six digits, fours otherwise. */
export function groupCode(token: string): string {
  if (/^[0-9]{6}$/.test(token)) return `${token.slice(0, 3)} ${token.slice(3)}`;
  return token.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The six digits printed under the QR code, or the token the QR code holds (10 to 100 URL-safe characters). */
export function looksLikeCode(token: string): boolean {
  return /^[0-9]{6}$/.test(token) || /^[A-Za-z0-9_-]{10,100}$/.test(token);
}
