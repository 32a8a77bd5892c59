import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import type { OrgKind } from '../../db/schema/org.js';

/**
 * Where a household sits: its node, the grid and community above it (copied onto households and persons so a
 * grid's or a community's people are one indexed range), and a readable path from the community down.
 */
export interface Place {
  id: number;
  kind: OrgKind;
  subkind: string | null;
  path: string;
  gridId: number | null;
  communityId: number | null;
  /** 保利社区 / 第一网格 / 3号楼 / 2单元 */
  label: string;
}

interface AncestorRow {
  node_id: number;
  id: number;
  kind: OrgKind;
  subkind: string | null;
  name: string;
  path: string;
}

/** Places of many nodes in one query. */
export async function placesOf(db: DbOrTx, nodeIds: number[]): Promise<Map<number, Place>> {
  const ids = [...new Set(nodeIds)];
  const out = new Map<number, Place>();
  if (ids.length === 0) return out;
  const rows = await queryRows<AncestorRow>(
    db,
    sql`select n.id as node_id, a.id, a.kind, a.subkind, a.name, a.path::text as path
        from org_nodes n join org_nodes a on a.path @> n.path
        where n.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
        order by n.id, a.depth`,
  );
  const byNode = new Map<number, AncestorRow[]>();
  for (const r of rows) {
    const list = byNode.get(Number(r.node_id)) ?? [];
    list.push(r);
    byNode.set(Number(r.node_id), list);
  }
  for (const [nodeId, chain] of byNode) {
    const self = chain[chain.length - 1]!;
    const communityAt = chain.findIndex((a) => a.kind === 'community');
    const grid = chain.find((a) => a.kind === 'grid');
    const shown = communityAt >= 0 ? chain.slice(communityAt) : chain.slice(-2);
    out.set(nodeId, {
      id: nodeId,
      kind: self.kind,
      subkind: self.subkind,
      path: self.path,
      gridId: grid ? Number(grid.id) : null,
      communityId: communityAt >= 0 ? Number(chain[communityAt]!.id) : null,
      label: shown.map((a) => a.name).join(' / '),
    });
  }
  return out;
}

export async function placeOf(db: DbOrTx, nodeId: number): Promise<Place | undefined> {
  return (await placesOf(db, [nodeId])).get(nodeId);
}

/** A household's address as people read it: the place, then the door or the free-text address. */
export function addressOf(placeLabel: string, door: string | null, address: string | null): string {
  return [placeLabel, door, address].filter((p) => p && p.trim()).join(' ');
}
