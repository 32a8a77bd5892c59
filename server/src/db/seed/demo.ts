import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import { insertOrgNodeRows, type OrgNodeInsertRow } from '../../modules/org/org.bulk.repo.js';
import { allocateOrgNodeIds, childrenOf, findChildByName, findNodeByCode, insertOrgNode, type NewOrgNode, type NodeRow } from '../../modules/org/org.repo.js';
import { centerNamed, insertServiceCenter } from '../../modules/org/serviceCenter.repo.js';
import { recordAudit } from '../../platform/audit.js';
import { hashPassword } from '../../platform/password.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import type { Polygon } from '../schema/org.js';
import { roleAssignments, users } from '../schema/users.js';
import type { Db, Tx } from '../client.js';
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
  type DemoTown,
} from './demoPlaces.js';
import type { SeedOutput } from './progress.js';

export class DemoRefusedError extends Error {}

export interface DemoResult {
  /** Places (towns, communities) that were already in the tree, with their division code. */
  found: string[];
  /** Places the division data lacks, created by the demo. */
  created: string[];
  nodesCreated: number;
  centersCreated: number;
  accountsCreated: string[];
}

type Tally = Omit<DemoResult, 'accountsCreated'>;

/** The child called `name`, created when missing. `label` records division-level places in the tally. */
async function ensureChild(tx: Tx, parent: NodeRow, node: Omit<NewOrgNode, 'parentId'>, tally: Tally, label?: string): Promise<NodeRow> {
  const existing = await findChildByName(tx, parent.id, node.name);
  if (existing) {
    if (label) tally.found.push(`${label}${existing.code ? ` (${existing.code})` : ''}`);
    return existing;
  }
  const inserted = await insertOrgNode(tx, { ...node, parentId: parent.id });
  tally.nodesCreated++;
  if (label) tally.created.push(label);
  return { ...inserted, childCount: 0 };
}

async function ensureTown(tx: Tx, county: NodeRow, town: DemoTown, tally: Tally): Promise<NodeRow> {
  const byCode = await findNodeByCode(tx, town.code);
  if (byCode) {
    tally.found.push(`${byCode.name} (${byCode.code})`);
    return byCode;
  }
  return ensureChild(tx, county, { kind: 'town', subkind: town.subkind, name: town.name }, tally, town.name);
}

function rectangle(lng: number, lat: number): Polygon {
  const [x0, y0, x1, y1] = [lng, lat, lng + GRID_WIDTH, lat + GRID_HEIGHT].map((v) => Math.round(v * 1e6) / 1e6) as [number, number, number, number];
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

type PlannedNode = Pick<OrgNodeInsertRow, 'kind' | 'subkind' | 'name' | 'sortOrder' | 'polygon'> & { parentIndex: number | null };

/**
 * Grids laid out as adjacent ~300 m squares (four grids as 2×2, otherwise in a row), a few buildings per grid
 * and 2–3 units per building: planned in memory, ids taken in one round trip, written in one statement.
 */
async function insertCommunityTree(tx: Tx, community: NodeRow, origin: [number, number], gridCount: number): Promise<number> {
  const columns = gridCount === 4 ? 2 : gridCount;
  const planned: PlannedNode[] = [];
  let buildingNo = 0;
  for (let g = 0; g < gridCount; g++) {
    const polygon = rectangle(origin[0] + (g % columns) * GRID_WIDTH, origin[1] + Math.floor(g / columns) * GRID_HEIGHT);
    const gridIndex = planned.push({ kind: 'grid', subkind: null, name: GRID_NAMES[g]!, sortOrder: g + 1, polygon, parentIndex: null }) - 1;
    for (let b = 0; b < BUILDINGS_PER_GRID; b++) {
      buildingNo++;
      const buildingIndex = planned.push({ kind: 'building', subkind: 'residential', name: `${buildingNo}号楼`, sortOrder: buildingNo, parentIndex: gridIndex }) - 1;
      for (let u = 1; u <= 2 + (buildingNo % 2); u++) {
        planned.push({ kind: 'unit', subkind: null, name: `${u}单元`, sortOrder: u, parentIndex: buildingIndex });
      }
    }
  }
  const ids = await allocateOrgNodeIds(tx, planned.length);
  const rows: OrgNodeInsertRow[] = [];
  for (const [i, node] of planned.entries()) {
    const parent = node.parentIndex === null ? community : rows[node.parentIndex]!;
    const keys = pinyinKeys(node.name);
    const id = ids[i]!;
    rows.push({ ...node, id, parentId: parent.id, code: null, namePinyin: keys.full, nameInitials: keys.initials, path: `${parent.path}.${id}`, depth: parent.depth + 1 });
  }
  await insertOrgNodeRows(tx, rows);
  return rows.length;
}

/** The community's grids, buildings and units unless a previous run made them, and its service center. */
async function ensureCommunityContents(tx: Tx, community: NodeRow, address: string, origin: [number, number], gridCount: number, tally: Tally, now: Date) {
  if (!(await findChildByName(tx, community.id, GRID_NAMES[0]!))) {
    tally.nodesCreated += await insertCommunityTree(tx, community, origin, gridCount);
  }
  const centerName = `${community.name}党群服务中心`;
  if (await centerNamed(tx, community.id, centerName)) return;
  const columns = gridCount === 4 ? 2 : gridCount;
  const rows = Math.ceil(gridCount / columns);
  await insertServiceCenter(tx, {
    orgNodeId: community.id,
    kind: 'center',
    name: centerName,
    address: `${address}${community.name}`,
    phone: `0472-51${String(40000 + community.id).slice(-5)}`,
    lng: Math.round((origin[0] + (columns * GRID_WIDTH) / 2) * 1e6) / 1e6,
    lat: Math.round((origin[1] + (rows * GRID_HEIGHT) / 2) * 1e6) / 1e6,
    createdAt: now,
  });
  tally.centersCreated++;
}

/** First child in tree order (sort order, code, name). */
async function firstChild(tx: Tx, parent: NodeRow): Promise<NodeRow> {
  const { items } = await childrenOf(tx, parent.id, 1, 0);
  if (!items[0]) throw new Error(`demo data: ${parent.name} has no children`);
  return items[0];
}

async function roleNode(tx: Tx, account: DemoAccount, region: NodeRow, county: NodeRow, places: Map<string, NodeRow>): Promise<{ roleAt: NodeRow; home: NodeRow }> {
  const at = account.at;
  if (at.kind === 'region') return { roleAt: region, home: region };
  if (at.kind === 'county') return { roleAt: county, home: county };
  const community = places.get(at.community);
  if (!community) throw new Error(`demo account ${account.username}: community ${at.community} was not set up`);
  const gridOf = async (g: number) => {
    const grid = await findChildByName(tx, community.id, GRID_NAMES[g]!);
    if (!grid) throw new Error(`demo account ${account.username}: ${at.community} has no ${GRID_NAMES[g]}`);
    return grid;
  };
  const roleAt = at.kind === 'grid' ? await gridOf(at.grid) : community;
  const home = account.homeUnitInGrid === undefined ? roleAt : await firstChild(tx, await firstChild(tx, await gridOf(account.homeUnitInGrid)));
  return { roleAt, home };
}

async function ensureAccounts(tx: Tx, hashes: string[], region: NodeRow, county: NodeRow, places: Map<string, NodeRow>): Promise<string[]> {
  const created: string[] = [];
  for (const [i, account] of DEMO_ACCOUNTS.entries()) {
    const [exists] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${account.username}`);
    if (exists) continue;
    const { roleAt, home } = await roleNode(tx, account, region, county, places);
    const keys = pinyinKeys(account.displayName);
    const [user] = await tx
      .insert(users)
      .values({
        username: account.username,
        mobile: account.mobile,
        displayName: account.displayName,
        namePinyin: keys.full,
        nameInitials: keys.initials,
        passwordHash: hashes[i]!,
        homeNodeId: home.id,
      })
      .returning({ id: users.id });
    await tx.insert(roleAssignments).values({ userId: user!.id, role: account.role, orgNodeId: roleAt.id }).onConflictDoNothing();
    created.push(account.username);
  }
  return created;
}

/**
 * The Qingshan demo: real division nodes where the data has them, the missing ones created, each community
 * with a party-mass service center, grids with polygons, buildings and units, and the demo accounts.
 * One transaction, so an interrupted run leaves nothing behind. Running it again adds nothing: places, centers
 * and accounts are looked up first, and a community that already has its 第一网格 keeps the grids it has.
 */
export async function seedDemoData(db: Db, opts: { env: Config['env']; out: SeedOutput; now: Date }): Promise<DemoResult> {
  if (opts.env === 'production') {
    throw new DemoRefusedError('Demo data is refused when NODE_ENV=production: its accounts share a published password');
  }
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
  const result = await db.transaction(async (tx) => {
    const region = await findNodeByCode(tx, REGION_CODE);
    const county = await findNodeByCode(tx, QINGSHAN_CODE);
    if (!region || !county) throw new Error('Import the Inner Mongolia divisions before the demo data: 内蒙古自治区 / 青山区 not found');
    const tally: Tally = { found: [], created: [], nodesCreated: 0, centersCreated: 0 };
    const places = new Map<string, NodeRow>();
    let sized = 0;
    for (const town of DEMO_TOWNS) {
      const townNode = await ensureTown(tx, county, town, tally);
      const specs = [...town.communities];
      if (town.allCommunities) {
        const { items } = await childrenOf(tx, townNode.id, 500, 0);
        for (const child of items) {
          if (child.kind === 'community' && !specs.some((s) => s.name === child.name)) specs.push({ name: child.name });
        }
      }
      for (const [k, spec] of specs.entries()) {
        const community = await ensureChild(tx, townNode, { kind: 'community', name: spec.name }, tally, `${townNode.name}${spec.name}`);
        const origin: [number, number] = [town.origin[0] + (k % 3) * COMMUNITY_STEP_LNG, town.origin[1] + Math.floor(k / 3) * COMMUNITY_STEP_LAT];
        const gridCount = spec.grids ?? DEFAULT_GRID_COUNTS[sized++ % DEFAULT_GRID_COUNTS.length]!;
        await ensureCommunityContents(tx, community, `包头市青山区${townNode.name}`, origin, gridCount, tally, opts.now);
        if (!places.has(spec.name)) places.set(spec.name, community);
      }
    }
    const accountsCreated = await ensureAccounts(tx, hashes, region, county, places);
    if (tally.nodesCreated + tally.centersCreated + accountsCreated.length > 0) {
      await recordAudit(tx, { userId: null, ip: null, userAgent: null }, opts.now, {
        action: 'seed.demo',
        objectType: 'org_node',
        objectId: county.id,
        orgNodeId: county.id,
        details: { created: tally.created, nodesCreated: tally.nodesCreated, centersCreated: tally.centersCreated, accountsCreated },
      });
    }
    return { ...tally, accountsCreated };
  });
  opts.out.log(
    `Demo data 演示数据: found ${result.found.join(', ') || 'nothing'}; created ${result.created.join(', ') || 'no places'}; ` +
      `${result.nodesCreated} nodes, ${result.centersCreated} centers, ${result.accountsCreated.length} accounts (password ${DEMO_PASSWORD})\n`,
  );
  return result;
}
