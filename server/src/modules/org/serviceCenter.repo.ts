import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes, serviceCenters } from '../../db/schema/org.js';

export type ServiceCenterRow = typeof serviceCenters.$inferSelect;
export type NewServiceCenter = Omit<typeof serviceCenters.$inferInsert, 'id' | 'createdAt'> & { createdAt: Date };
export type ServiceCenterPatch = Partial<Pick<ServiceCenterRow, 'kind' | 'name' | 'address' | 'phone' | 'lng' | 'lat'>>;

/** Centers attached to a node, or to any node of its subtree. */
export async function serviceCentersAt(db: DbOrTx, node: { id: number; path: string }, includeDescendants: boolean, limit: number) {
  const rows = await db
    .select({ center: serviceCenters, nodeDepth: orgNodes.depth })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(includeDescendants ? sql`${orgNodes.path} <@ ${node.path}::ltree` : eq(serviceCenters.orgNodeId, node.id))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.path), asc(serviceCenters.kind), asc(serviceCenters.name), asc(serviceCenters.id))
    .limit(limit);
  return rows.map((r) => r.center);
}

/** A center with the path of the node it hangs on (for the access check). */
export async function findServiceCenter(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ center: serviceCenters, nodePath: orgNodes.path })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(eq(serviceCenters.id, id));
  return row;
}

export async function centerNamed(db: DbOrTx, orgNodeId: number, name: string) {
  const [row] = await db
    .select({ id: serviceCenters.id })
    .from(serviceCenters)
    .where(and(eq(serviceCenters.orgNodeId, orgNodeId), eq(serviceCenters.name, name)))
    .limit(1);
  return row;
}

export async function insertServiceCenter(db: DbOrTx, values: NewServiceCenter): Promise<ServiceCenterRow> {
  const [row] = await db.insert(serviceCenters).values(values).returning();
  return row!;
}

export async function updateServiceCenter(db: DbOrTx, id: number, patch: ServiceCenterPatch): Promise<ServiceCenterRow> {
  const [row] = await db.update(serviceCenters).set(patch).where(eq(serviceCenters.id, id)).returning();
  return row!;
}
