import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { calendarOverrides } from '../../db/schema/platform.js';

export async function findNode(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path, depth: orgNodes.depth })
    .from(orgNodes)
    .where(eq(orgNodes.id, id))
    .limit(1);
  return row;
}

/** The override set at exactly this node on this day, locked until the transaction ends. */
export async function findOverrideForUpdate(db: DbOrTx, orgNodeId: number, day: string) {
  const [row] = await db
    .select({ id: calendarOverrides.id, kind: calendarOverrides.kind, note: calendarOverrides.note })
    .from(calendarOverrides)
    .where(and(eq(calendarOverrides.orgNodeId, orgNodeId), eq(calendarOverrides.day, day)))
    .for('update')
    .limit(1);
  return row;
}

/** Insert or replace the override of a node and day in one statement (the unique key settles races). */
export async function upsertOverride(
  db: DbOrTx,
  values: { orgNodeId: number; day: string; kind: 'rest' | 'work'; note: string | null; createdBy: number | null; createdAt: Date },
) {
  const [row] = await db
    .insert(calendarOverrides)
    .values(values)
    .onConflictDoUpdate({
      target: [calendarOverrides.orgNodeId, calendarOverrides.day],
      set: { kind: values.kind, note: values.note, createdBy: values.createdBy, createdAt: values.createdAt },
    })
    .returning();
  return row!;
}

/** An override with the node it was set at (its path decides who may see and change it). */
export async function findOverrideWithNode(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: calendarOverrides.id,
      orgNodeId: calendarOverrides.orgNodeId,
      day: calendarOverrides.day,
      kind: calendarOverrides.kind,
      note: calendarOverrides.note,
      nodePath: orgNodes.path,
    })
    .from(calendarOverrides)
    .innerJoin(orgNodes, eq(orgNodes.id, calendarOverrides.orgNodeId))
    .where(eq(calendarOverrides.id, id))
    .limit(1);
  return row;
}

export async function deleteOverride(db: DbOrTx, id: number): Promise<boolean> {
  const rows = await db.delete(calendarOverrides).where(eq(calendarOverrides.id, id)).returning({ id: calendarOverrides.id });
  return rows.length > 0;
}
