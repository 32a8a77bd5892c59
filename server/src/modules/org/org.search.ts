import { pinyin } from 'pinyin-pro';

/** "保利社区" → ["bao", "li", "she", "qu"], normalised as platform/pinyin.ts normalises the stored keys. */
export function pinyinSyllables(name: string): string[] {
  return pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
}

/** Whether `query` is whole syllables of `syllables` starting at syllable `from`. */
function alignedAt(syllables: string[], from: number, query: string): boolean {
  let joined = '';
  for (let i = from; i < syllables.length && joined.length < query.length; i++) {
    joined += syllables[i];
    if (joined === query) return true;
  }
  return false;
}

/**
 * How well a name matches a pinyin query, lower is better. The stored pinyin has no syllable breaks, so
 * "baoli" is a prefix of both 保利 (bao·li) and 宝林 (bao·lin); here the name's syllables decide that 保利 is
 * the intended one.
 *   0 the name itself · 1 whole pinyin or initials · 2 leading whole syllables or initials prefix ·
 *   3 pinyin prefix ending mid-syllable · 4 whole syllables inside · 5 anything else that matched
 */
export function pinyinRank(row: { name: string; namePinyin: string; nameInitials: string }, query: string): number {
  if (row.name.toLowerCase() === query) return 0;
  if (row.namePinyin === query || row.nameInitials === query) return 1;
  const syllables = pinyinSyllables(row.name);
  if (alignedAt(syllables, 0, query) || row.nameInitials.startsWith(query)) return 2;
  if (row.namePinyin.startsWith(query)) return 3;
  for (let i = 1; i < syllables.length; i++) if (alignedAt(syllables, i, query)) return 4;
  return 5;
}

/** Re-rank candidates (already in SQL order: shorter names and shallower nodes first) for a pinyin query. */
export function rankByPinyin<T extends { name: string; namePinyin: string; nameInitials: string }>(rows: T[], query: string, limit: number): T[] {
  return rows
    .map((row, index) => ({ row, index, rank: pinyinRank(row, query) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((r) => r.row);
}
