import type { DbOrTx } from '../../db/client.js';
import { can, isUnder, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { roleDefinition } from '../../platform/roles.js';
import { findNode } from '../org/org.repo.js';
import { pgErrorCode } from '../org/org.service.js';
import { registryErrors } from './errors.js';
import { cleanText } from './identity.js';
import * as policy from './registry.policy.js';
import type { CareTag, CreateTagBody, GiveTagBody, PatchTagBody, TagListQuery } from './tags.schema.js';
import { rolesFor } from './tags.data.js';
import * as repo from './tags.repo.js';
import type { PersonRow } from './persons.repo.js';

/**
 * Care tags with a sensitivity model (PIPL art. 28). A tag applies in the subtree of the node it is configured at
 * and shows only to callers holding one of its `visibleToRoles` over the person's place: anyone else never sees
 * it — not in the tag list, not on a person, not as a filter (a filter by it matches nobody).
 */

export async function tagsById(db: DbOrTx, given: { tagId: number }[]): Promise<Map<number, repo.TagRow>> {
  const rows = await repo.loadTags(db, [...new Set(given.map((g) => g.tagId))]);
  return new Map(rows.map((t) => [t.id, t]));
}

/** For a list filter: each tag with the subtrees where the caller may see it; null when any is invisible. */
export async function visibleTagFilter(db: DbOrTx, principal: Principal, tagIds: number[]): Promise<{ tagId: number; paths: string[] }[] | null> {
  const tags = await repo.loadTags(db, [...new Set(tagIds)]);
  if (tags.length !== new Set(tagIds).size) return null;
  const out: { tagId: number; paths: string[] }[] = [];
  for (const t of tags) {
    // Where the caller may see it, and only below the node it is configured at.
    const paths = policy
      .tagPaths(principal, t.visibleToRoles)
      .map((p) => (isUnder(p, t.nodePath) ? p : isUnder(t.nodePath, p) ? t.nodePath : null))
      .filter((p): p is string => p !== null);
    if (paths.length === 0) return null;
    out.push({ tagId: t.id, paths });
  }
  return out;
}

function presentTag(principal: Principal, t: repo.TagRow): CareTag {
  return {
    id: t.id,
    orgNodeId: t.orgNodeId,
    orgNodeName: t.nodeName,
    code: t.code,
    name: t.name,
    nameEn: t.nameEn,
    sensitivity: t.sensitivity,
    visibleToRoles: t.visibleToRoles,
    purpose: t.purpose,
    retentionDays: t.retentionDays,
    detailFields: t.detailFields,
    color: t.color,
    sortOrder: t.sortOrder,
    archived: t.archivedAt !== null,
    configurable: can(principal, 'registry.configure', t.nodePath),
  };
}

/** Whether the caller sees the tag at all: configures it, or holds one of its roles at a place it applies to. */
function maySeeTagAnywhere(principal: Principal, t: repo.TagRow, at?: string): boolean {
  if (can(principal, 'registry.configure', t.nodePath)) return true;
  if (at) return policy.maySeeTag(principal, t.visibleToRoles, at);
  return principal.roles.some((r) => t.visibleToRoles.includes(r.role) && (isUnder(r.path, t.nodePath) || isUnder(t.nodePath, r.path)));
}

export async function listTags(ctx: AppContext, principal: Principal, query: TagListQuery) {
  let rows: repo.TagRow[];
  let at: string | undefined;
  if (query.nodeId !== undefined) {
    const node = await findNode(ctx.db, query.nodeId);
    if (!node || !(can(principal, 'registry.read', node.path) || can(principal, 'registry.configure', node.path))) throw errors.notFound();
    at = node.path;
    rows = await repo.tagsApplyingAt(ctx.db, node.path, query.includeArchived ?? false);
  } else {
    const paths = [...new Set([...scopePaths(principal, 'registry.read'), ...scopePaths(principal, 'registry.configure')])];
    if (paths.length === 0) throw errors.forbidden();
    rows = (await repo.tagsNear(ctx.db, paths)).filter((t) => query.includeArchived || t.archivedAt === null);
  }
  return { items: rows.filter((t) => maySeeTagAnywhere(principal, t, at)).map((t) => presentTag(principal, t)) };
}

function checkRoles(roles: string[]): string[] {
  for (const r of roles) if (!roleDefinition(r)) throw registryErrors.roleUnknown(r);
  return [...new Set(roles)];
}

export async function createTag(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateTagBody): Promise<CareTag> {
  const node = await findNode(ctx.db, body.orgNodeId);
  if (!node) throw errors.notFound();
  policy.assertConfigure(principal, node.path);
  const now = ctx.clock.now();
  let id: number;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const tagId = await repo.insertTag(tx, {
        orgNodeId: node.id,
        code: body.code,
        name: body.name.trim(),
        nameEn: body.nameEn?.trim() ?? '',
        sensitivity: body.sensitivity,
        visibleToRoles: checkRoles(body.visibleToRoles ?? rolesFor(body.sensitivity)),
        purpose: body.purpose.trim(),
        retentionDays: body.retentionDays,
        detailFields: body.detailFields ?? [],
        color: body.color ?? null,
        sortOrder: body.sortOrder ?? 100,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, actor, now, { action: 'care_tag.create', objectType: 'care_tag', objectId: tagId, orgNodeId: node.id, details: { code: body.code, sensitivity: body.sensitivity } });
      return tagId;
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw registryErrors.tagCodeTaken();
    throw err;
  }
  return presentTag(principal, (await repo.loadTag(ctx.db, id))!);
}

export async function updateTag(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchTagBody): Promise<CareTag> {
  const tag = await repo.loadTag(ctx.db, id);
  if (!tag || !maySeeTagAnywhere(principal, tag)) throw errors.notFound();
  policy.assertConfigure(principal, tag.nodePath);
  const now = ctx.clock.now();
  const patch: Parameters<typeof repo.updateTag>[2] = { updatedAt: now };
  if (body.name !== undefined) patch.name = body.name.trim();
  if (body.nameEn !== undefined) patch.nameEn = body.nameEn.trim();
  if (body.sensitivity !== undefined) patch.sensitivity = body.sensitivity;
  if (body.visibleToRoles !== undefined) patch.visibleToRoles = checkRoles(body.visibleToRoles);
  if (body.purpose !== undefined) patch.purpose = body.purpose.trim();
  if (body.retentionDays !== undefined) patch.retentionDays = body.retentionDays;
  if (body.detailFields !== undefined) patch.detailFields = body.detailFields;
  if (body.color !== undefined) patch.color = body.color;
  if (body.sortOrder !== undefined) patch.sortOrder = body.sortOrder;
  if (body.archived !== undefined) patch.archivedAt = body.archived ? (tag.archivedAt ?? now) : null;
  await ctx.db.transaction(async (tx) => {
    await repo.updateTag(tx, id, patch);
    await recordAudit(tx, actor, now, { action: 'care_tag.update', objectType: 'care_tag', objectId: id, orgNodeId: tag.orgNodeId, details: { fields: Object.keys(body) } });
  });
  return presentTag(principal, (await repo.loadTag(ctx.db, id))!);
}

/** A tag the caller may give to or take from this person: applies at their place and is visible to the caller. */
async function usableTag(ctx: AppContext, principal: Principal, person: PersonRow, tagId: number): Promise<repo.TagRow> {
  const tag = await repo.loadTag(ctx.db, tagId);
  if (!tag || !policy.maySeeTag(principal, tag.visibleToRoles, person.nodePath)) throw errors.notFound();
  if (!isUnder(person.nodePath, tag.nodePath)) throw registryErrors.tagNotApplicable();
  return tag;
}

function checkDetail(tag: repo.TagRow, detail: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(detail)) {
    const field = tag.detailFields.find((f) => f.key === key);
    const value = raw.trim();
    if (!field || (field.options?.length && value && !field.options.includes(value))) throw registryErrors.tagDetailInvalid(key);
    if (value) out[key] = value;
  }
  return out;
}

export async function giveTag(ctx: AppContext, principal: Principal, actor: ActorContext, person: PersonRow, body: GiveTagBody): Promise<void> {
  policy.assertManage(principal, person.nodePath);
  const tag = await usableTag(ctx, principal, person, body.tagId);
  if (tag.archivedAt) throw errors.notFound();
  const detail = checkDetail(tag, body.detail ?? {});
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      if (await repo.openGivenTag(tx, person.id, tag.id)) throw registryErrors.tagAlreadyOn();
      await repo.insertGivenTag(tx, { personId: person.id, tagId: tag.id, detail, note: cleanText(body.note), addedBy: principal.userId, addedAt: now });
      await recordAudit(tx, actor, now, { action: 'person.tag', objectType: 'person', objectId: person.id, orgNodeId: person.nodeId, details: { tag: tag.code } });
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw registryErrors.tagAlreadyOn();
    throw err;
  }
}

export async function removeTag(ctx: AppContext, principal: Principal, actor: ActorContext, person: PersonRow, tagId: number): Promise<void> {
  policy.assertManage(principal, person.nodePath);
  const tag = await usableTag(ctx, principal, person, tagId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const open = await repo.openGivenTag(tx, person.id, tag.id);
    if (!open) throw registryErrors.tagNotOn();
    await repo.endGivenTag(tx, open.id, principal.userId, now);
    await recordAudit(tx, actor, now, { action: 'person.untag', objectType: 'person', objectId: person.id, orgNodeId: person.nodeId, details: { tag: tag.code } });
  });
}

export const TAG_RETENTION_JOB = 'registry.tag_retention';

/** Daily: removed tags past their tag's retention are erased (PIPL art. 47). */
export function registerTagJobs(ctx: AppContext): void {
  ctx.jobs.register({
    name: TAG_RETENTION_JOB,
    intervalMs: 6 * 3_600_000,
    run: async (now) => {
      await repo.eraseExpired(ctx.db, now);
    },
  });
}
