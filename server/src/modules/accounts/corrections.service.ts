import type { ProposedCorrection } from '../../db/schema/accounts.js';
import type { Tx } from '../../db/client.js';
import { assertCan, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { parseResidentId } from '../../platform/idNumber.js';
import { maskMobile } from '../../platform/masking.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import { cleanMobile } from '../users/users.input.js';
import type { CorrectionFields } from './accounts.schema.js';
import { CORRECTION_FIELD_NAMES } from './accounts.schema.js';
import { findNode } from './join.repo.js';
import { maskedId } from './household.service.js';
import { pgErrorCode } from '../org/org.service.js';
import * as repo from './person.repo.js';

/**
 * 更正 (PIPL art. 46): a resident linked to a registry record asks to correct fields of it; staff with
 * `registry.manage` over the person's community approve — the change is applied to the person in the same
 * transaction, audited by field name (never values) — or reject with a note. A proposed ID number is checked
 * (GB 11643) when asked and kept sealed until it is applied, then stored like every ID number: sealed, with its keyed
 * hash and last four characters.
 */

const correctionErrors = {
  notLinked: () =>
    errors.conflict('not_confirmed', '您的账号尚未与居民档案关联，请先请社区工作人员确认', 'Your account is not linked to a registry record yet; ask your community office to confirm it'),
  empty: () => errors.badRequest('correction_empty', '请至少填写一项需要更正的内容', 'Fill in at least one field to correct'),
  idNumber: () => errors.badRequest('invalid_id_number', '身份证号码不正确，请核对', 'That ID number is not valid; please check it'),
  decided: () => errors.conflict('correction_decided', '该更正申请已处理', 'That correction request has already been decided'),
  noteRequired: () => errors.badRequest('note_required', '驳回时请填写原因', 'Give a reason when rejecting'),
  idTaken: () => errors.conflict('id_number_taken', '该身份证号码已登记在另一位居民的档案中', 'That ID number is already on another person’s record'),
};

/** The fields of a request in the form's order (jsonb keeps its own key order). */
const fieldNames = (p: ProposedCorrection) => CORRECTION_FIELD_NAMES.filter((k) => p[k] !== undefined);

type Row = NonNullable<Awaited<ReturnType<typeof repo.correctionById>>>;
type Person = NonNullable<Awaited<ReturnType<typeof repo.personById>>>;

function shownProposed(p: ProposedCorrection): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of CORRECTION_FIELD_NAMES) {
    const v = p[key];
    if (v === undefined) continue;
    out[key] = key === 'idNumber' ? `${'*'.repeat(14)}${(v as { last4: string }).last4}` : key === 'mobile' ? maskMobile(v as string)! : (v as string);
  }
  return out;
}

function shownCurrent(p: ProposedCorrection, person: Person): Record<string, string> {
  const out: Record<string, string> = {};
  const current: Record<string, string | null> = {
    name: person.name,
    gender: person.gender,
    birthDate: person.birthDate,
    ethnicity: person.ethnicity,
    mobile: maskMobile(person.mobile),
    registeredAddress: person.registeredAddress,
    idNumber: maskedId(person),
  };
  for (const key of CORRECTION_FIELD_NAMES) if (p[key] !== undefined && current[key] != null) out[key] = current[key]!;
  return out;
}

function present(row: Row, person: Person, communityName?: string) {
  return {
    id: row.id,
    personId: row.personId,
    personName: person.name,
    ...(communityName ? { communityName } : {}),
    proposed: shownProposed(row.proposed),
    current: shownCurrent(row.proposed, person),
    reason: row.reason,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    note: row.note,
  };
}

export async function submit(ctx: AppContext, principal: Principal, actor: ActorContext, fields: CorrectionFields, reason: string) {
  const person = await repo.personOfUser(ctx.db, principal.userId);
  if (!person) throw correctionErrors.notLinked();
  const now = ctx.clock.now();
  const proposed: ProposedCorrection = {};
  if (fields.name !== undefined) proposed.name = fields.name.trim();
  if (fields.gender !== undefined) proposed.gender = fields.gender;
  if (fields.birthDate !== undefined) proposed.birthDate = fields.birthDate;
  if (fields.ethnicity !== undefined) proposed.ethnicity = fields.ethnicity.trim();
  if (fields.registeredAddress !== undefined) proposed.registeredAddress = fields.registeredAddress.trim();
  if (fields.mobile !== undefined) proposed.mobile = cleanMobile(fields.mobile) ?? undefined;
  if (fields.idNumber !== undefined) {
    const parsed = parseResidentId(fields.idNumber, now);
    if (!parsed.ok) throw correctionErrors.idNumber();
    const sealed = ctx.personal.seal(parsed.facts.normalized);
    proposed.idNumber = { ...sealed, last4: parsed.facts.normalized.slice(-4) };
  }
  if (Object.keys(proposed).length === 0) throw correctionErrors.empty();
  const id = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertCorrection(tx, { personId: person.id, requestedBy: principal.userId, proposed, reason: reason.trim(), createdAt: now });
    await recordAudit(tx, actor, now, {
      action: 'correction.request',
      objectType: 'person',
      objectId: person.id,
      orgNodeId: person.communityId,
      details: { correctionId: created, fields: fieldNames(proposed) },
    });
    return created;
  });
  return present((await repo.correctionById(ctx.db, id))!, person);
}

export async function listMine(ctx: AppContext, principal: Principal) {
  const person = await repo.personOfUser(ctx.db, principal.userId);
  if (!person) return { items: [], total: 0 };
  const rows = await repo.correctionsOfPerson(ctx.db, person.id);
  return { items: rows.map((r) => present(r, person)), total: rows.length };
}

export async function listForStaff(ctx: AppContext, principal: Principal, query: { status?: 'pending' | 'approved' | 'rejected'; limit: number; offset: number }) {
  const { rows, total } = await repo.correctionsIn(ctx.db, scopePaths(principal, 'registry.manage'), query.status, query.limit, query.offset);
  return { items: rows.map((r) => present(r.correction, r.person, r.communityName)), total };
}

export async function decide(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  id: number,
  decision: 'approve' | 'reject',
  rawNote: string | undefined,
) {
  const row = await repo.correctionById(ctx.db, id);
  const person = row ? await repo.personById(ctx.db, row.personId) : undefined;
  const community = person?.communityId ? await findNode(ctx.db, person.communityId) : undefined;
  if (!row || !person || !community) throw errors.notFound();
  assertCan(principal, 'registry.manage', community.path);
  const note = rawNote?.trim() || null;
  if (decision === 'reject' && !note) throw correctionErrors.noteRequired();
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const locked = await repo.correctionById(tx, id, { lock: true });
      if (!locked || locked.status !== 'pending') throw correctionErrors.decided();
      const fields = fieldNames(locked.proposed);
      if (decision === 'approve') await apply(ctx, tx, locked.personId, locked.proposed, now);
      if (!(await repo.decideCorrection(tx, id, decision === 'approve' ? 'approved' : 'rejected', principal.userId, now, note))) throw correctionErrors.decided();
      if (decision === 'approve') {
        await recordAudit(tx, actor, now, {
          action: 'person.correct',
          objectType: 'person',
          objectId: locked.personId,
          orgNodeId: person.communityId,
          details: { correctionId: id, fields },
        });
      }
      await recordAudit(tx, actor, now, {
        action: decision === 'approve' ? 'correction.approve' : 'correction.reject',
        objectType: 'person',
        objectId: locked.personId,
        orgNodeId: person.communityId,
        details: { correctionId: id, fields },
      });
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw correctionErrors.idTaken();
    throw err;
  }
  const updated = (await repo.personById(ctx.db, row.personId))!;
  return present((await repo.correctionById(ctx.db, id))!, updated, community.name);
}

async function apply(ctx: AppContext, tx: Tx, personId: number, p: ProposedCorrection, now: Date) {
  const changes: Parameters<typeof repo.updatePerson>[2] = {};
  if (p.name !== undefined) {
    const keys = pinyinKeys(p.name);
    Object.assign(changes, { name: p.name, namePinyin: keys.full, nameInitials: keys.initials });
  }
  if (p.gender !== undefined) changes.gender = p.gender;
  if (p.birthDate !== undefined) changes.birthDate = p.birthDate;
  if (p.ethnicity !== undefined) changes.ethnicity = p.ethnicity;
  if (p.mobile !== undefined) changes.mobile = p.mobile;
  if (p.registeredAddress !== undefined) changes.registeredAddress = p.registeredAddress;
  if (p.idNumber !== undefined) {
    const parsed = parseResidentId(ctx.personal.open(p.idNumber), now);
    if (!parsed.ok) throw correctionErrors.idNumber();
    const sealed = ctx.personal.seal(parsed.facts.normalized);
    Object.assign(changes, {
      idKind: 'resident_id',
      idCipher: sealed.cipher,
      idKeyId: sealed.keyId,
      idHash: ctx.personal.hash(parsed.facts.normalized),
      idLast4: parsed.facts.normalized.slice(-4),
    });
  }
  await repo.updatePerson(tx, personId, changes, now);
}
