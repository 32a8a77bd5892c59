import type { Db } from '../src/db/client.js';
import { careTags, households, personTags, persons } from '../src/db/schema/registry.js';

/**
 * Registry rows for the grid-work tests: the registry's services are another module's (and still being built), so
 * these tests write the few households, persons and tags they need directly — tests only, never the demo.
 */
export async function addTag(db: Db, nodeId: number, code: string, name: string, now: Date) {
  const [tag] = await db
    .insert(careTags)
    .values({
      orgNodeId: nodeId,
      code,
      name,
      nameEn: code,
      sensitivity: 'ordinary',
      visibleToRoles: ['grid_worker', 'community_staff', 'community_secretary'],
      purpose: 'test',
      retentionDays: 365,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return tag!;
}

export async function addHousehold(db: Db, h: { nodeId: number; gridId: number | null; communityId: number; door?: string }, now: Date) {
  const [row] = await db
    .insert(households)
    .values({ nodeId: h.nodeId, gridId: h.gridId, communityId: h.communityId, door: h.door ?? null, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function addPerson(
  db: Db,
  p: { name: string; pinyin?: string; household: { id: number; gridId: number | null; communityId: number }; userId?: number; tagIds?: number[] },
  now: Date,
) {
  const [row] = await db
    .insert(persons)
    .values({
      name: p.name,
      namePinyin: p.pinyin ?? '',
      householdId: p.household.id,
      gridId: p.household.gridId,
      communityId: p.household.communityId,
      userId: p.userId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  for (const tagId of p.tagIds ?? []) await db.insert(personTags).values({ personId: row!.id, tagId, addedAt: now });
  return row!;
}
