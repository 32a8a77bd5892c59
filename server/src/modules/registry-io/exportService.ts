import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { orgNodes } from '../../db/schema/org.js';
import type { Gender, LivingStatus, Relation } from '../../db/schema/registry.js';
import { assertCan, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, errors } from '../../platform/errors.js';
import { maskAddress, maskMobile } from '../../platform/masking.js';
import { maskedId } from '../registry/present.js';
import { ownedTask } from '../requests/ledger/policy.js';
import type { TaskManifest } from '../requests/ledger/tasks.js';
import { XlsxStreamWriter } from '../requests/ledger/xlsx.js';
import * as repo from './exportRepo.js';
import { tagsInForce, type TagRef } from './places.js';
import type { RegistryExportBody } from './schema.js';
import type { RegistryTaskDeps } from './tasks.js';
import { visibleTags } from './visibility.js';

/**
 * Exporting a node's persons to .xlsx in the background, with the import's column headers (a full export can be
 * imported again). ID numbers, phones and registered addresses are masked unless the caller holds
 * personal.view_full there and gives a reason, which is audited (person.export_full, with the reason and the
 * count). Care tags the caller's roles may not see are neither filterable nor written.
 */
export const MAX_EXPORT_ROWS = 500_000;
const PAGE_ROWS = 500;

const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女', unknown: '' };
const STATUS_LABELS: Record<LivingStatus, string> = { present: '在住', away: '外出', deceased: '死亡' };
const RELATION_LABELS: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  child_in_law: '儿媳/女婿',
  grandchild: '孙子女',
  parent: '父母',
  parent_in_law: '公婆/岳父母',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other_relative: '其他亲属',
  non_relative: '非亲属',
};

const COLUMNS = [
  ['姓名', 10],
  ['性别', 6],
  ['民族', 8],
  ['出生日期', 12],
  ['身份证号', 22],
  ['联系电话', 14],
  ['与户主关系', 10],
  ['户籍地址', 30],
  ['楼栋', 10],
  ['单元', 8],
  ['门牌', 8],
  ['户号', 12],
  ['居住状态', 8],
  ['标签', 24],
  ['备注', 30],
].map(([header, width], i) => ({ header: header as string, key: `c${i}`, width: width as number }));

/** The same day `years` years earlier (29 February becomes the 28th). */
function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-');
  const year = String(Number(y) - years).padStart(4, '0');
  const dd = m === '02' && d === '29' ? '28' : d;
  return `${year}-${m}-${dd}`;
}

export function presentExport(task: TaskManifest) {
  return {
    id: task.id,
    status: task.status,
    rowsDone: task.rowsDone,
    rowsTotal: task.rowsTotal,
    full: task.counts.full === 1,
    createdAt: task.createdAt,
    finishedAt: task.finishedAt,
    fileName: task.fileName,
    error: task.error,
    fileUrl: task.status === 'done' ? `/api/v1/registry/exports/${task.id}/file` : null,
  };
}

export async function startExport(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, actor: ActorContext, body: RegistryExportBody) {
  const now = ctx.clock.now();
  const [node] = await ctx.db.select({ id: orgNodes.id, path: orgNodes.path, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.id, body.nodeId));
  if (!node) throw errors.notFound(undefined, { zh: '找不到该组织节点', en: 'No such org node' });
  assertCan(principal, 'registry.read', node.path);
  const full = body.full === true;
  const reason = body.reason?.trim() ?? '';
  if (full) {
    assertCan(principal, 'personal.view_full', node.path);
    if (reason.length < 2) {
      throw errors.badRequest('reason_required', '导出完整身份证号和电话须填写用途', 'Give the reason for exporting full ID numbers and phones', [{ field: 'reason', problem: 'required' }]);
    }
  }
  if (body.ageMin !== undefined && body.ageMax !== undefined && body.ageMin > body.ageMax) {
    throw errors.badRequest('validation_failed', '年龄下限不能大于上限', 'The lower age bound is above the upper one', [{ field: 'ageMin', problem: 'above ageMax' }]);
  }
  const tags = visibleTags(await tagsInForce(ctx.db, node.path), principal, node.path);
  if (body.tagId !== undefined && !tags.some((t) => t.id === body.tagId)) {
    throw errors.badRequest('tag_unknown', '没有这个关怀标签', 'No such care tag', [{ field: 'tagId', problem: 'unknown' }]);
  }
  const today = shanghaiDate(now);
  const filter: repo.ExportFilter = {
    nodePath: node.path,
    tagId: body.tagId,
    livingStatus: body.livingStatus,
    bornOnOrBefore: body.ageMin !== undefined ? yearsBefore(today, body.ageMin) : undefined,
    bornAfter: body.ageMax !== undefined ? yearsBefore(today, body.ageMax + 1) : undefined,
  };
  const total = await repo.countPersons(ctx.db, filter);
  if (total > MAX_EXPORT_ROWS) {
    throw errors.badRequest('export_too_large', `符合条件的人员超过 ${MAX_EXPORT_ROWS} 人，请缩小范围`, `More than ${MAX_EXPORT_ROWS} persons match; narrow the selection`);
  }
  const created = await deps.store.create(
    { kind: 'registry_export', userId: principal.userId, orgNodeId: node.id, rowsTotal: total, fileName: `实有人口-${node.name}-${today.replace(/-/g, '')}.xlsx` },
    now,
  );
  const task = { ...created, counts: { full: full ? 1 : 0 } };
  await deps.store.write(task);
  const filterForAudit = { nodeId: body.nodeId, tagId: body.tagId, ageMin: body.ageMin, ageMax: body.ageMax, livingStatus: body.livingStatus };
  await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, actor, now, { action: 'registry.export', objectType: 'registry_export', objectId: task.id, orgNodeId: node.id, details: { filter: filterForAudit, rows: total, full } });
    if (full) {
      await recordAudit(tx, actor, now, { action: 'person.export_full', objectType: 'registry_export', objectId: task.id, orgNodeId: node.id, details: { reason, count: total } });
    }
  });
  deps.runner.start((stopping) => writeExport(ctx, deps, task, filter, tags, full, stopping));
  return presentExport(task);
}

async function writeExport(ctx: AppContext, deps: RegistryTaskDeps, task: TaskManifest, filter: repo.ExportFilter, tags: TagRef[], full: boolean, stopping: () => boolean) {
  const partial = deps.store.filePath(task.id, '.xlsx.part');
  const tagName = new Map(tags.map((t) => [t.id, t.name]));
  let current = task;
  try {
    const writer = new XlsxStreamWriter(partial, '实有人口', COLUMNS);
    let after = 0;
    let done = 0;
    for (;;) {
      if (stopping()) throw new AppError(503, 'export_interrupted', { zh: '服务器正在停止，导出已中断', en: 'The server is stopping; the export was interrupted' });
      const rows = await repo.personPage(ctx.db, filter, after, PAGE_ROWS);
      const tagRows = await repo.tagsOf(ctx.db, rows.map((r) => r.id), [...tagName.keys()]);
      const tagsBy = new Map<number, string[]>();
      for (const t of tagRows) tagsBy.set(t.personId, [...(tagsBy.get(t.personId) ?? []), tagName.get(t.tagId)!]);
      for (const r of rows) writer.addRow(exportCells(ctx, r, tagsBy.get(r.id) ?? [], full));
      done += rows.length;
      current = { ...current, rowsDone: done, rowsTotal: Math.max(current.rowsTotal, done), heartbeatAt: ctx.clock.now().toISOString() };
      await deps.store.write(current);
      if (rows.length < PAGE_ROWS) break;
      after = rows.at(-1)!.id;
    }
    await writer.commit();
    await fsp.rename(partial, deps.store.filePath(task.id, '.xlsx'));
    const finishedAt = ctx.clock.now().toISOString();
    await deps.store.write({ ...current, status: 'done', rowsTotal: done, finishedAt, heartbeatAt: finishedAt });
  } catch (err) {
    deps.log.error({ err, task: task.id }, 'registry export failed');
    await fsp.rm(partial, { force: true });
    const error = err instanceof AppError ? err.messages : { zh: '导出失败，请稍后重试', en: 'The export failed; try again later' };
    const finishedAt = ctx.clock.now().toISOString();
    await deps.store.write({ ...current, status: 'failed', error, finishedAt, heartbeatAt: finishedAt });
  }
}

function exportCells(ctx: AppContext, r: repo.ExportPerson, tags: string[], full: boolean) {
  let idText = '';
  if (r.idCipher && r.idKeyId) idText = full ? ctx.personal.open({ cipher: r.idCipher, keyId: r.idKeyId }) : (maskedId({ idLast4: r.idLast4, idKind: r.idKind, hasId: true }) ?? '');
  const building = r.nodeKind === 'unit' ? r.parentName : r.nodeKind === 'building' ? r.nodeName : null;
  const unit = r.nodeKind === 'unit' ? r.nodeName : null;
  return [
    r.name,
    GENDER_LABELS[r.gender],
    r.ethnicity,
    r.birthDate,
    idText,
    full ? r.mobile : maskMobile(r.mobile),
    r.relation ? RELATION_LABELS[r.relation] : null,
    full ? r.registeredAddress : maskAddress(r.registeredAddress),
    building,
    unit,
    r.door,
    r.householdNo,
    STATUS_LABELS[r.livingStatus],
    tags.join('、'),
    r.note,
  ];
}

export async function getExport(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, id: string) {
  return presentExport(ownedTask(principal, await deps.store.read(id, ctx.clock.now()), 'registry_export'));
}

/** The finished file, for its owner only; every download is audited. */
export async function openExportFile(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, actor: ActorContext, id: string) {
  const now = ctx.clock.now();
  const task = ownedTask(principal, await deps.store.read(id, now), 'registry_export');
  if (task.status !== 'done') throw errors.conflict('export_not_ready', '导出尚未完成，请稍候', 'The export has not finished yet', { status: task.status });
  const file = deps.store.filePath(task.id, '.xlsx');
  const stat = await fsp.stat(file).catch(() => null);
  if (!stat) throw errors.notFound(undefined, { zh: '导出文件已过期，请重新导出', en: 'The export file has expired; export again' });
  await recordAudit(ctx.db, actor, now, {
    action: 'registry.export_download',
    objectType: 'registry_export',
    objectId: task.id,
    orgNodeId: task.orgNodeId,
    details: { rows: task.rowsDone, full: task.counts.full === 1 },
  });
  return { stream: fs.createReadStream(file), size: stat.size, fileName: task.fileName };
}
