import { sql } from 'drizzle-orm';
import { roleAssignments, users } from '../../db/schema/users.js';
import type { Polygon } from '../../db/schema/org.js';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaTime, type DemoPerson, type DemoSession } from '../../platform/demo.js';
import { hashPassword } from '../../platform/password.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import { createUser } from '../users/users.service.js';
import { childrenOf, findChildByName, findNodeByCode, type NodeRow } from './org.repo.js';
import { importDivisions } from './divisionImport.js';
import { createNode } from './org.service.js';
import { centerNamed } from './serviceCenter.repo.js';
import { createServiceCenter } from './serviceCenter.service.js';
import {
  BUILDINGS_PER_GRID,
  COMMUNITY_STEP_LAT,
  COMMUNITY_STEP_LNG,
  DEFAULT_GRID_COUNTS,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DEMO_TOWNS,
  GRID_HEIGHT,
  GRID_NAMES,
  GRID_WIDTH,
  QINGSHAN_CODE,
  REGION_CODE,
  type DemoAccount,
} from './org.demoPlaces.js';

/**
 * The org demo: the Qingshan places as the district's admin sets them up on the console — the community the
 * division data lacks, each demo community's grids (with their polygons), buildings and units, and its
 * party-mass service center — and the demo accounts, created by the person who would create them. Everything
 * goes through createNode / createServiceCenter / createUser, so every node and account has its audit row.
 *
 * Only the very first account (`admin`, the system administrator) is written directly: on a real installation
 * the installer creates it, and nobody exists yet who could. Running the demo again finds what is there.
 */

export interface OrgDemoResult {
  /** Places (towns, communities) that were already in the tree, with their division code. */
  found: string[];
  /** Places the division data lacks, created by the demo. */
  created: string[];
  nodesCreated: number;
  centersCreated: number;
  accountsCreated: string[];
}

/** The org demo happens this many days before the rest of the story. */
export const ORG_DEMO_DAYS_BACK = 100;

function rectangle(lng: number, lat: number): Polygon {
  const [x0, y0, x1, y1] = [lng, lat, lng + GRID_WIDTH, lat + GRID_HEIGHT].map((v) => Math.round(v * 1e6) / 1e6) as [number, number, number, number];
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

/** The installer's one direct write: the first system administrator, with an audit row saying so. */
async function bootstrapAdmin(db: Db, account: DemoAccount, region: NodeRow, now: Date): Promise<boolean> {
  const [exists] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${account.username}`);
  if (exists) return false;
  const keys = pinyinKeys(account.displayName);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ username: account.username, mobile: account.mobile, displayName: account.displayName, namePinyin: keys.full, nameInitials: keys.initials, passwordHash, homeNodeId: region.id, createdAt: now, updatedAt: now })
      .returning({ id: users.id });
    await tx.insert(roleAssignments).values({ userId: user!.id, role: account.role, orgNodeId: region.id, createdAt: now });
    await recordAudit(tx, { userId: null, ip: null, userAgent: null }, now, {
      action: 'user.bootstrap',
      objectType: 'user',
      objectId: user!.id,
      orgNodeId: region.id,
      details: { username: account.username, role: account.role },
    });
  });
  return true;
}

export async function seedOrgDemo(s: DemoSession): Promise<OrgDemoResult> {
  const db = s.ctx.db;
  const region = await findNodeByCode(db, REGION_CODE);
  const county = await findNodeByCode(db, QINGSHAN_CODE);
  if (!region || !county) throw new Error('Import the Inner Mongolia divisions before the demo data: 内蒙古自治区 / 青山区 not found');
  const tally: OrgDemoResult = { found: [], created: [], nodesCreated: 0, centersCreated: 0, accountsCreated: [] };
  const start = chinaTime(s.until, -ORG_DEMO_DAYS_BACK, '09:00');
  s.clock.set(start);

  // The installer creates the system administrator, who creates the district's admin.
  const [adminAccount, districtAccount, ...others] = DEMO_ACCOUNTS as [DemoAccount, DemoAccount, ...DemoAccount[]];
  if (await bootstrapAdmin(db, adminAccount, region, start)) tally.accountsCreated.push(adminAccount.username);
  const admin = await s.person(adminAccount.username);
  s.clock.advanceMinutes(10);
  if (await ensureAccount(s, admin, districtAccount, county.id, county.id)) tally.accountsCreated.push(districtAccount.username);
  const district = await s.person(districtAccount.username);

  // The district's admin draws the demo communities' grids, buildings and units, and registers their centers.
  s.clock.advanceMinutes(30);
  const places = new Map<string, NodeRow>();
  let sized = 0;
  for (const town of DEMO_TOWNS) {
    const townNode = await findNodeByCode(db, town.code);
    if (!townNode) throw new Error(`Org demo: ${town.name} (${town.code}) is not in the division data`);
    tally.found.push(`${townNode.name} (${townNode.code})`);
    const specs = [...town.communities];
    if (town.allCommunities) {
      const { items } = await childrenOf(db, townNode.id, 500, 0);
      for (const child of items) {
        if (child.kind === 'community' && !specs.some((c) => c.name === child.name)) specs.push({ name: child.name });
      }
    }
    for (const [k, spec] of specs.entries()) {
      const community = await ensureCommunity(s, townNode, spec.name, tally, `${townNode.name}${spec.name}`);
      const origin: [number, number] = [town.origin[0] + (k % 3) * COMMUNITY_STEP_LNG, town.origin[1] + Math.floor(k / 3) * COMMUNITY_STEP_LAT];
      const gridCount = spec.grids ?? DEFAULT_GRID_COUNTS[sized++ % DEFAULT_GRID_COUNTS.length]!;
      await ensureCommunityContents(s, district, community, `包头市青山区${townNode.name}`, origin, gridCount, tally);
      if (!places.has(spec.name)) places.set(spec.name, community);
    }
  }

  // Then the accounts: staff and grid workers by the district's admin, residents by their community's staff.
  s.clock.set(chinaTime(s.until, -ORG_DEMO_DAYS_BACK + 1, '10:00'));
  const staffOf = new Map<string, string>();
  for (const account of others) {
    if (account.role === 'community_staff' && account.at.kind === 'community') staffOf.set(account.at.community, account.username);
  }
  for (const account of others) {
    s.clock.advanceMinutes(3);
    const { roleAt, home } = await placeOf(db, account, places);
    const creatorName = account.role === 'resident' && account.at.kind === 'community' ? (staffOf.get(account.at.community) ?? districtAccount.username) : districtAccount.username;
    if (await ensureAccount(s, await s.person(creatorName), account, roleAt, home)) tally.accountsCreated.push(account.username);
  }
  return tally;
}

/**
 * The community called `name` under `town`; one the division data lacks is added the way division data enters
 * Lianxin — through the division import, as a supplementary record with a demo code (…99x, never a real one).
 */
async function ensureCommunity(s: DemoSession, town: NodeRow, name: string, tally: OrgDemoResult, label: string): Promise<NodeRow> {
  const existing = await findChildByName(s.ctx.db, town.id, name);
  if (existing) {
    tally.found.push(`${label}${existing.code ? ` (${existing.code})` : ''}`);
    return existing;
  }
  const code = `${town.code}${990 + tally.created.length}`;
  await importDivisions(s.ctx.db, [{ level: 'village', code, name, parentCode: town.code }], { log: () => {}, tty: false }, s.clock.now());
  tally.nodesCreated++;
  tally.created.push(label);
  return (await findChildByName(s.ctx.db, town.id, name))!;
}

/**
 * Grids laid out as adjacent ~300 m squares (four grids as 2×2, otherwise in a row), a few buildings per grid
 * and 2–3 units per building, unless a previous run drew them; and the community's service center.
 */
async function ensureCommunityContents(
  s: DemoSession,
  by: DemoPerson,
  community: NodeRow,
  address: string,
  origin: [number, number],
  gridCount: number,
  tally: OrgDemoResult,
) {
  const db = s.ctx.db;
  const columns = gridCount === 4 ? 2 : gridCount;
  if (!(await findChildByName(db, community.id, GRID_NAMES[0]!))) {
    let buildingNo = 0;
    const create = async (parentId: number, body: Omit<Parameters<typeof createNode>[3], 'parentId'>) => {
      s.clock.advance(20_000);
      tally.nodesCreated++;
      return (await createNode(s.ctx, by.principal, by.actor, { parentId, ...body })).node.id;
    };
    for (let g = 0; g < gridCount; g++) {
      const polygon = rectangle(origin[0] + (g % columns) * GRID_WIDTH, origin[1] + Math.floor(g / columns) * GRID_HEIGHT);
      const gridId = await create(community.id, { kind: 'grid', name: GRID_NAMES[g]!, sortOrder: g + 1, polygon });
      for (let b = 0; b < BUILDINGS_PER_GRID; b++) {
        buildingNo++;
        const buildingId = await create(gridId, { kind: 'building', subkind: 'residential', name: `${buildingNo}号楼`, sortOrder: buildingNo });
        for (let u = 1; u <= 2 + (buildingNo % 2); u++) await create(buildingId, { kind: 'unit', name: `${u}单元`, sortOrder: u });
      }
    }
  }
  const centerName = `${community.name}党群服务中心`;
  if (await centerNamed(db, community.id, centerName)) return;
  const rows = Math.ceil(gridCount / columns);
  s.clock.advanceMinutes(2);
  await createServiceCenter(s.ctx, by.principal, by.actor, {
    orgNodeId: community.id,
    kind: 'center',
    name: centerName,
    address: `${address}${community.name}`,
    phone: `0472-51${String(40000 + community.id).slice(-5)}`,
    lng: Math.round((origin[0] + (columns * GRID_WIDTH) / 2) * 1e6) / 1e6,
    lat: Math.round((origin[1] + (rows * GRID_HEIGHT) / 2) * 1e6) / 1e6,
  });
  tally.centersCreated++;
}

/** First child in tree order (sort order, code, name). */
async function firstChild(db: Db, parent: { id: number; name: string }): Promise<NodeRow> {
  const { items } = await childrenOf(db, parent.id, 1, 0);
  if (!items[0]) throw new Error(`demo data: ${parent.name} has no children`);
  return items[0];
}

/** Where an account holds its role, and where it is filed (residents: the first unit of a building in their grid). */
async function placeOf(db: Db, account: DemoAccount, places: Map<string, NodeRow>): Promise<{ roleAt: number; home: number }> {
  const at = account.at;
  if (at.kind === 'region' || at.kind === 'county') throw new Error(`demo account ${account.username}: created before the places`);
  const community = places.get(at.community);
  if (!community) throw new Error(`demo account ${account.username}: community ${at.community} was not set up`);
  const gridOf = async (g: number) => {
    const grid = await findChildByName(db, community.id, GRID_NAMES[g]!);
    if (!grid) throw new Error(`demo account ${account.username}: ${at.community} has no ${GRID_NAMES[g]}`);
    return grid;
  };
  const roleAt = at.kind === 'grid' ? (await gridOf(at.grid)).id : community.id;
  const home = account.homeUnitInGrid === undefined ? roleAt : (await firstChild(db, await firstChild(db, await gridOf(account.homeUnitInGrid)))).id;
  return { roleAt, home };
}

/** The account, created by `by` with its one role, unless it exists. */
async function ensureAccount(s: DemoSession, by: DemoPerson, account: DemoAccount, roleAt: number, home: number): Promise<boolean> {
  const [exists] = await s.ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${account.username}`);
  if (exists) return false;
  await createUser(s.ctx, by.principal, by.actor, {
    username: account.username,
    displayName: account.displayName,
    mobile: account.mobile,
    password: DEMO_PASSWORD,
    homeNodeId: home,
    roles: [{ role: account.role, orgNodeId: roleAt }],
  });
  return true;
}
