import { volunteers } from '../src/db/schema/volunteers.js';
import type { Db } from '../src/db/client.js';
import { pinyinKeys } from '../src/platform/pinyin.js';

let seq = 0;

/**
 * A volunteer row written directly (for tests of activities, points, wishes and party members that need
 * volunteers without going through registration). Registration itself is tested through the API.
 */
export async function insertVolunteer(
  db: Db,
  opts: { name: string; nodeId: number; communityId: number | null; userId?: number | null; politicalStatus?: 'party_member' | 'league_member' | 'masses'; birthDate?: string; at?: Date },
): Promise<number> {
  seq += 1;
  const at = opts.at ?? new Date('2026-10-01T00:00:00Z');
  const keys = pinyinKeys(opts.name);
  const [row] = await db
    .insert(volunteers)
    .values({
      volunteerNo: `VT${process.pid}${String(seq).padStart(5, '0')}`,
      userId: opts.userId ?? null,
      name: opts.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      birthDate: opts.birthDate ?? '1990-05-01',
      nodeId: opts.nodeId,
      communityId: opts.communityId,
      politicalStatus: opts.politicalStatus ?? 'masses',
      registeredAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: volunteers.id });
  return row!.id;
}
