import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { orgNodes } from '../../db/schema/org.js';
import { activities, hourEntries, volunteers } from '../../db/schema/volunteers.js';
import { assertCan, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { XlsxStreamWriter } from '../requests/ledger/xlsx.js';
import { findNode } from './common.js';

/**
 * A node's hour entries as .xlsx: written row by row with exceljs' streaming writer to a private temporary file
 * (read in pages of 1,000 by id, so memory stays flat), then streamed to the caller and removed.
 */
const STATUS_ZH: Record<string, string> = { pending: '待确认', awaiting_approval: '待上级审批', confirmed: '已确认', rejected: '已驳回' };
const PAGE = 1000;
/** A node's year of entries is far below this; beyond it the caller narrows the dates. */
export const EXPORT_MAX_ROWS = 200_000;

export async function exportHours(ctx: AppContext, principal: Principal, actor: ActorContext, q: { nodeId: number; from?: string; to?: string }) {
  const node = await findNode(ctx.db, q.nodeId);
  if (!node) throw errors.notFound();
  assertCan(principal, 'volunteers.read', node.path);
  const where: SQL[] = [sql`${orgNodes.path} <@ ${node.path}::ltree`];
  if (q.from) where.push(sql`${hourEntries.serviceDate} >= ${q.from}`);
  if (q.to) where.push(sql`${hourEntries.serviceDate} <= ${q.to}`);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(hourEntries).innerJoin(orgNodes, eq(orgNodes.id, hourEntries.nodeId)).where(and(...where));
  if ((count?.n ?? 0) > EXPORT_MAX_ROWS) {
    throw errors.badRequest('export_too_large', `记录超过 ${EXPORT_MAX_ROWS} 条，请缩小日期范围`, `More than ${EXPORT_MAX_ROWS} entries; narrow the dates`, { rows: count?.n });
  }
  const dir = await mkdtemp(join(tmpdir(), 'lianxin-hours-'));
  const file = join(dir, 'hours.xlsx');
  try {
    const writer = new XlsxStreamWriter(file, '服务时长', [
      { header: '记录号', key: 'id', width: 10 },
      { header: '志愿者编号', key: 'no', width: 16 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '服务日期', key: 'date', width: 12 },
      { header: '服务内容', key: 'content', width: 30 },
      { header: '类型', key: 'kind', width: 8 },
      { header: '更正记录号', key: 'corrects', width: 10 },
      { header: '计划分钟', key: 'planned', width: 10 },
      { header: '分钟', key: 'minutes', width: 10 },
      { header: '小时', key: 'hours', width: 8 },
      { header: '状态', key: 'status', width: 12 },
      { header: '待核查', key: 'flagged', width: 8 },
      { header: '说明', key: 'reason', width: 30 },
      { header: '节点', key: 'node', width: 20 },
    ]);
    let after = 0;
    for (;;) {
      const rows = await ctx.db
        .select({ e: hourEntries, name: volunteers.name, no: volunteers.volunteerNo, node: orgNodes.name, title: activities.title })
        .from(hourEntries)
        .innerJoin(orgNodes, eq(orgNodes.id, hourEntries.nodeId))
        .innerJoin(volunteers, eq(volunteers.id, hourEntries.volunteerId))
        .leftJoin(activities, eq(activities.id, hourEntries.activityId))
        .where(and(...where, gt(hourEntries.id, after)))
        .orderBy(asc(hourEntries.id))
        .limit(PAGE);
      for (const r of rows) {
        writer.addRow([
          r.e.id,
          r.no,
          r.name,
          r.e.serviceDate,
          r.e.content,
          r.e.kind === 'record' ? '记录' : '更正',
          r.e.correctsId,
          r.e.plannedMinutes,
          r.e.minutes,
          Math.round((r.e.minutes / 60) * 100) / 100,
          STATUS_ZH[r.e.status] ?? r.e.status,
          r.e.flagged ? '是' : '',
          r.e.reason ?? '',
          r.node,
        ]);
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.e.id;
    }
    await writer.commit();
    await recordAudit(ctx.db, actor, ctx.clock.now(), { action: 'hours.export', objectType: 'org_node', objectId: node.id, orgNodeId: node.id, details: { rows: count?.n ?? 0 } });
    const size = (await stat(file)).size;
    const stream = createReadStream(file);
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    return { stream, size, fileName: `服务时长-${node.name}.xlsx` };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
