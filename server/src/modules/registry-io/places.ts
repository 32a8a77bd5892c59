import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { careTags, households } from '../../db/schema/registry.js';
import { placeKey } from './values.js';

/**
 * What an import resolves rows against, loaded once per import: the community's buildings and units (under its
 * grids or directly under it), its open households, and the care tags in force there. A community holds a few
 * thousand households at most, so these maps stay small however long the sheet is.
 */
export interface PlaceNode {
  id: number;
  gridId: number | null;
}

export interface CommunityPlaces {
  communityId: number;
  /** Buildings by placeKey(name) and by exact name. */
  buildings: Map<string, PlaceNode & { units: Map<string, PlaceNode> }>;
}

export async function loadPlaces(db: DbOrTx, community: { id: number; path: string }): Promise<CommunityPlaces> {
  const rows = await db
    .select({ id: orgNodes.id, parentId: orgNodes.parentId, kind: orgNodes.kind, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(and(sql`${orgNodes.path} <@ ${community.path}::ltree`, sql`${orgNodes.kind} in ('grid','building','unit')`));
  const grids = new Set(rows.filter((r) => r.kind === 'grid').map((r) => r.id));
  const gridOf = (path: string) => path.split('.').map(Number).find((id) => grids.has(id)) ?? null;
  const buildings: CommunityPlaces['buildings'] = new Map();
  const byId = new Map<number, PlaceNode & { units: Map<string, PlaceNode> }>();
  for (const r of rows.filter((x) => x.kind === 'building')) {
    const b = { id: r.id, gridId: gridOf(r.path), units: new Map<string, PlaceNode>() };
    byId.set(r.id, b);
    // The exact name wins over a number-only key another building shares ("1号楼" and "1栋" in two grids).
    if (!buildings.has(placeKey(r.name))) buildings.set(placeKey(r.name), b);
    buildings.set(r.name.replace(/\s+/g, ''), b);
  }
  for (const r of rows.filter((x) => x.kind === 'unit')) {
    const b = r.parentId === null ? undefined : byId.get(r.parentId);
    if (!b) continue;
    const u = { id: r.id, gridId: gridOf(r.path) };
    if (!b.units.has(placeKey(r.name))) b.units.set(placeKey(r.name), u);
    b.units.set(r.name.replace(/\s+/g, ''), u);
  }
  return { communityId: community.id, buildings };
}

/** Households of the community, by household number and by place and door, filled as the import creates more. */
export class HouseholdIndex {
  private readonly byNo = new Map<string, number>();
  private readonly byDoor = new Map<string, number>();

  static async load(db: DbOrTx, communityId: number): Promise<HouseholdIndex> {
    const index = new HouseholdIndex();
    const rows = await db
      .select({ id: households.id, nodeId: households.nodeId, householdNo: households.householdNo, door: households.door })
      .from(households)
      .where(and(eq(households.communityId, communityId), isNull(households.closedAt)));
    for (const r of rows) index.add(r.id, r.nodeId, r.householdNo, r.door);
    return index;
  }

  add(id: number, nodeId: number, householdNo: string | null, door: string | null): void {
    if (householdNo) this.byNo.set(householdNo, id);
    if (door) this.byDoor.set(`${nodeId}|${door}`, id);
  }

  find(nodeId: number, householdNo: string | null, door: string | null): number | undefined {
    return (householdNo ? this.byNo.get(householdNo) : undefined) ?? (door ? this.byDoor.get(`${nodeId}|${door}`) : undefined);
  }
}

export interface TagRef {
  id: number;
  name: string;
  nameEn: string;
  code: string;
  visibleToRoles: string[];
}

/** Care tags in force at a node: configured at the node or any ancestor, not archived. */
export async function tagsInForce(db: DbOrTx, nodePath: string): Promise<TagRef[]> {
  const ids = nodePath.split('.').map(Number);
  return db
    .select({ id: careTags.id, name: careTags.name, nameEn: careTags.nameEn, code: careTags.code, visibleToRoles: careTags.visibleToRoles })
    .from(careTags)
    .where(and(inArray(careTags.orgNodeId, ids), isNull(careTags.archivedAt)))
    .orderBy(careTags.sortOrder, careTags.id);
}
