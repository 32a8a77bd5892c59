import { pinyin } from 'pinyin-pro';

/** "保利社区" → { full: "baolishequ", initials: "blsq" }; Latin letters and digits pass through lower-cased. */
export function pinyinKeys(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}

/** A search string that looks like pinyin (Latin letters only). */
export function looksLikePinyin(q: string): boolean {
  return /^[a-z\s']+$/i.test(q.trim());
}
