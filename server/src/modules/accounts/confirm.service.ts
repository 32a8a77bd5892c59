import { assertCan, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { ancestry, findNode, residentRoles } from './join.repo.js';

import * as repo from './person.repo.js';

/**
 * Staff confirm a resident account against the registry (docs/adr/0019): residents who joined within the caller's
 * `registry.manage` reach and are not linked to a person yet, each with the unlinked persons of the same community
 * who share their mobile number or name. Confirming sets persons.user_id; unlinking clears it; both audited.
 */

const confirmErrors = {
  personLinked: () => errors.conflict('person_linked', '该居民档案已关联其他账号', 'That registry record is already linked to another account'),
  accountLinked: () => errors.conflict('account_linked', '该账号已关联居民档案，请先解除关联', 'That account is already linked to a registry record; unlink it first'),
  otherCommunity: () =>
    errors.badRequest('person_other_community', '居民档案与账号不在同一社区', 'The registry record and the account are in different communities'),
  notLinked: () => errors.conflict('not_linked', '该账号没有关联居民档案', 'That account is not linked to a registry record'),
};

export async function listUnconfirmed(ctx: AppContext, principal: Principal, query: { limit: number; offset: number }) {
  const paths = scopePaths(principal, 'registry.manage');
  const { rows, total } = await repo.unconfirmedResidents(ctx.db, paths, query.limit, query.offset);
  const items = [];
  for (const row of rows) {
    const chain = await ancestry(ctx.db, row.path);
    const community = chain.find((n) => n.kind === 'community');
    const candidates = community ? await repo.candidatePersons(ctx.db, community.id, row.mobile, row.displayName) : [];
    items.push({
      userId: row.userId,
      displayName: row.displayName,
      mobile: maskMobile(row.mobile),
      place: { nodeId: row.nodeId, names: chain.filter((n) => ['community', 'grid', 'building', 'unit'].includes(n.kind)).map((n) => n.name) },
      joinedAt: row.joinedAt.toISOString(),
      candidates: candidates.map((c) => ({
        personId: c.id,
        name: c.name,
        mobile: maskMobile(c.mobile),
        relation: c.relation,
        birthYear: c.birthDate?.slice(0, 4) ?? null,
        place: [c.nodeName, c.door].filter(Boolean).join(' ') || null,
        matches: [...(row.mobile && c.mobile === row.mobile ? (['mobile'] as const) : []), ...(c.name === row.displayName ? (['name'] as const) : [])],
      })),
    });
  }
  return { items, total };
}

/** The account's resident place within the caller's registry reach: 404 when it is not a resident there. */
async function residentPlace(ctx: AppContext, principal: Principal, userId: number) {
  const roles = (await residentRoles(ctx.db, userId)).filter((r) => r.role === 'resident');
  const role = roles[0];
  if (!role) throw errors.notFound();
  assertCan(principal, 'registry.manage', role.path);
  const chain = await ancestry(ctx.db, role.path);
  return { nodeId: role.orgNodeId, community: chain.find((n) => n.kind === 'community') };
}

export async function link(ctx: AppContext, principal: Principal, actor: ActorContext, userId: number, personId: number) {
  const place = await residentPlace(ctx, principal, userId);
  const person = await repo.personById(ctx.db, personId);
  const communityPath = person?.communityId ? (await findNode(ctx.db, person.communityId))?.path : undefined;
  if (!person || !communityPath) throw errors.notFound();
  assertCan(principal, 'registry.manage', communityPath);
  if (person.communityId !== place.community?.id) throw confirmErrors.otherCommunity();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const locked = await repo.personById(tx, personId, { lock: true });
    if (locked?.userId) throw confirmErrors.personLinked();
    if (await repo.personOfUser(tx, userId)) throw confirmErrors.accountLinked();
    await repo.setPersonUser(tx, personId, userId, now);
    await recordAudit(tx, actor, now, {
      action: 'person.link_account',
      objectType: 'person',
      objectId: personId,
      orgNodeId: person.communityId,
      details: { userId },
    });
  });
  return { userId, personId };
}

export async function unlink(ctx: AppContext, principal: Principal, actor: ActorContext, userId: number) {
  await residentPlace(ctx, principal, userId);
  const person = await repo.personOfUser(ctx.db, userId);
  if (!person) throw confirmErrors.notLinked();
  const communityPath = person.communityId ? (await findNode(ctx.db, person.communityId))?.path : undefined;
  if (!communityPath) throw errors.notFound();
  assertCan(principal, 'registry.manage', communityPath);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.setPersonUser(tx, person.id, null, now);
    await recordAudit(tx, actor, now, {
      action: 'person.unlink_account',
      objectType: 'person',
      objectId: person.id,
      orgNodeId: person.communityId,
      details: { userId },
    });
  });
  return { userId, personId: null };
}

