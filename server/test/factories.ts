import type { Db } from '../src/db/client.js';
import { roleAssignments, users } from '../src/db/schema/users.js';
import { insertOrgNode } from '../src/modules/org/org.repo.js';
import { hashPassword } from '../src/platform/password.js';
import { pinyinKeys } from '../src/platform/pinyin.js';

export const TEST_PASSWORD = 'Test@2026x';
let cachedHash: Promise<string> | undefined;
const testHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

/**
 * A small tree of its own for each test file:
 * region → city → county → town → community A (grids A1, A2 → building → unit) and community B (grid B1).
 */
export async function createOrgTree(db: Db, tag = 'T') {
  const region = await insertOrgNode(db, { parentId: null, kind: 'region', name: `${tag}自治区` });
  const city = await insertOrgNode(db, { parentId: region.id, kind: 'city', name: `${tag}市` });
  const county = await insertOrgNode(db, { parentId: city.id, kind: 'county', name: `${tag}区` });
  const town = await insertOrgNode(db, { parentId: county.id, kind: 'town', subkind: 'street', name: `${tag}街道` });
  const communityA = await insertOrgNode(db, { parentId: town.id, kind: 'community', name: `${tag}保利社区` });
  const communityB = await insertOrgNode(db, { parentId: town.id, kind: 'community', name: `${tag}草原社区` });
  const gridA1 = await insertOrgNode(db, { parentId: communityA.id, kind: 'grid', name: `${tag}第一网格` });
  const gridA2 = await insertOrgNode(db, { parentId: communityA.id, kind: 'grid', name: `${tag}第二网格` });
  const gridB1 = await insertOrgNode(db, { parentId: communityB.id, kind: 'grid', name: `${tag}草原第一网格` });
  const buildingA1 = await insertOrgNode(db, { parentId: gridA1.id, kind: 'building', name: '1号楼' });
  const unitA1 = await insertOrgNode(db, { parentId: buildingA1.id, kind: 'unit', name: '1单元' });
  return { region, city, county, town, communityA, communityB, gridA1, gridA2, gridB1, buildingA1, unitA1 };
}

export async function createUser(
  db: Db,
  opts: { username: string; homeNodeId: number; roles?: { role: string; orgNodeId: number }[]; mobile?: string; displayName?: string },
) {
  const displayName = opts.displayName ?? opts.username;
  const [user] = await db
    .insert(users)
    .values({
      username: opts.username,
      mobile: opts.mobile ?? null,
      displayName,
      namePinyin: pinyinKeys(displayName).full,
      nameInitials: pinyinKeys(displayName).initials,
      passwordHash: await testHash(),
      homeNodeId: opts.homeNodeId,
    })
    .returning();
  for (const r of opts.roles ?? []) {
    await db.insert(roleAssignments).values({ userId: user!.id, role: r.role, orgNodeId: r.orgNodeId });
  }
  return user!;
}
