import type { Db } from '../../../db/client.js';
import { requestCategories, requestEvents, requests } from '../../../db/schema/requests.js';
import { allocateRequestIds, insertRequest, type NewRequestRow, type RequestRow } from '../core/repo.js';
import { pinyinSearchKey } from '../intake/submission.js';
import { requestNumber } from '../intake/service.js';

/**
 * Test rows for the ledger, export, suggestion, duplicate and Open311 tests: real rows in the real tables, with
 * every column under the test's control (states and instants the workflow would take days to reach).
 */
export async function insertCategoryRow(
  db: Db,
  c: { code: string; name: string; nameEn?: string; parentId?: number | null; orgNodeId?: number | null; keywords?: string[]; active?: boolean },
) {
  const [row] = await db
    .insert(requestCategories)
    .values({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn ?? c.code,
      parentId: c.parentId ?? null,
      orgNodeId: c.orgNodeId ?? null,
      keywords: c.keywords ?? [],
      active: c.active ?? true,
    })
    .returning();
  return row!;
}

const HOUR = 3_600_000;

export type RequestFixture = Partial<Omit<NewRequestRow, 'id' | 'number'>> & { orgNodeId: number; receivedAt: Date };

function withDefaults(r: RequestFixture, id: number): NewRequestRow {
  return {
    channel: 'resident',
    priority: 'ordinary',
    status: 'submitted',
    title: (r.content ?? '测试诉求').slice(0, 30),
    content: '测试诉求',
    responseDueAt: new Date(r.receivedAt.getTime() + 24 * HOUR),
    resolutionDueAt: new Date(r.receivedAt.getTime() + 5 * 24 * HOUR),
    limitClock: 'working',
    createdAt: r.receivedAt,
    updatedAt: r.receivedAt,
    reporterNamePinyin: r.reporterName ? pinyinSearchKey(r.reporterName) : null,
    ...r,
    id,
    number: requestNumber(id, r.receivedAt),
  };
}

export async function insertRequestRow(db: Db, r: RequestFixture): Promise<RequestRow> {
  const [id] = await allocateRequestIds(db, 1);
  return insertRequest(db, withDefaults(r, id!));
}

/** Many rows in one statement (paging tests). */
export async function insertRequestRows(db: Db, list: RequestFixture[]): Promise<void> {
  const ids = await allocateRequestIds(db, list.length);
  await db.insert(requests).values(list.map((r, i) => withDefaults(r, ids[i]!)));
}

export async function insertEventRow(
  db: Db,
  e: { requestId: number; action: string; at: Date; note?: string; fromStatus?: string; toStatus?: string; actorUserId?: number },
) {
  await db.insert(requestEvents).values({
    requestId: e.requestId,
    actorUserId: e.actorUserId ?? null,
    action: e.action,
    at: e.at,
    note: e.note ?? null,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
  });
}
