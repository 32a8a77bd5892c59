import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { volunteerCertificates } from '../../db/schema/volunteerRecords.js';
import { hourEntries } from '../../db/schema/volunteers.js';
import { can, inSubtrees, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { shanghaiDate, toShanghaiIso as toIso } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskName } from '../../platform/masking.js';
import { pgErrorCode } from '../org/org.service.js';
import { listPaths } from '../registry/scope.js';
import { assertManageAt, assertReadAt, loadVolunteer, maskedId, myVolunteer, nodeOr404, readableVolunteer } from './access.js';
import { volunteerErrors } from './errors.js';
import type { CertificateBody } from './volunteers.schema.js';

/**
 * 志愿服务证明 (民政部《志愿服务记录与证明出具办法（试行）》): what it prints is frozen at issue — name, ID masked,
 * volunteer number, confirmed hours of the period, service content from the confirmed entries, issuing
 * organisation, its responsible person, handler, contact, serial and date. Only revocation changes a row.
 */

const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MAX_CONTENT = 500;

function newSerial(day: string): string {
  return `ZYFW-${day.replace(/-/g, '')}-${Array.from({ length: 8 }, () => SERIAL_ALPHABET[randomInt(SERIAL_ALPHABET.length)]).join('')}`;
}

type CertRow = typeof volunteerCertificates.$inferSelect;
const hoursOf = (m: number) => Math.floor(m / 6) / 10;

export function presentCertificate(c: CertRow) {
  return {
    id: c.id,
    serial: c.serial,
    volunteerId: c.volunteerId,
    nodeId: c.nodeId,
    volunteerName: c.volunteerName,
    idMasked: c.idMasked,
    volunteerNo: c.volunteerNo,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    hours: hoursOf(c.totalMinutes),
    totalMinutes: c.totalMinutes,
    serviceContent: c.serviceContent,
    issuer: c.issuer,
    responsiblePerson: c.responsiblePerson,
    handler: c.handler,
    contact: c.contact,
    issuedOn: c.issuedOn,
    issuedAt: toIso(c.issuedAt),
    revokedAt: c.revokedAt ? toIso(c.revokedAt) : null,
    revokeReason: c.revokeReason,
  };
}

function periodCond(start?: string, end?: string): SQL[] {
  const out: SQL[] = [];
  if (start) out.push(sql`${hourEntries.serviceDate} >= ${start}`);
  if (end) out.push(sql`${hourEntries.serviceDate} <= ${end}`);
  return out;
}

/** Confirmed minutes and the distinct service contents (most recent first) of a volunteer in a period. */
export async function serviceOf(db: DbOrTx, volunteerId: number, start?: string, end?: string) {
  const cond = and(eq(hourEntries.volunteerId, volunteerId), eq(hourEntries.status, 'confirmed'), ...periodCond(start, end));
  const [{ minutes }] = (await db.select({ minutes: sql<number>`coalesce(sum(${hourEntries.minutes}), 0)::int` }).from(hourEntries).where(cond)) as [{ minutes: number }];
  const contents = await db
    .select({ content: hourEntries.content, last: sql<string>`max(${hourEntries.serviceDate})` })
    .from(hourEntries)
    .where(and(cond, eq(hourEntries.kind, 'record'), sql`btrim(${hourEntries.content}) <> ''`))
    .groupBy(hourEntries.content)
    .orderBy(desc(sql`max(${hourEntries.serviceDate})`))
    .limit(50);
  let text = '';
  for (const c of contents) {
    const next = text ? `${text}；${c.content.trim()}` : c.content.trim();
    if ([...next].length > MAX_CONTENT) break;
    text = next;
  }
  return { minutes: Number(minutes), content: text };
}

export async function issueCertificate(ctx: AppContext, principal: Principal, actor: ActorContext, body: CertificateBody) {
  const node = await nodeOr404(ctx.db, body.nodeId);
  assertManageAt(principal, node.path);
  const v = await readableVolunteer(ctx.db, principal, body.volunteerId);
  if (v.userId === principal.userId) assertReadAt(principal, v.nodePath);
  if (body.periodStart && body.periodEnd && body.periodEnd < body.periodStart) throw volunteerErrors.periodInvalid();
  const { minutes, content } = await serviceOf(ctx.db, v.id, body.periodStart, body.periodEnd);
  if (minutes <= 0) throw volunteerErrors.noHours();
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await ctx.db.transaction(async (tx) => {
        const [c] = await tx
          .insert(volunteerCertificates)
          .values({
            serial: newSerial(today),
            volunteerId: v.id,
            nodeId: node.id,
            volunteerName: v.name,
            idMasked: maskedId(v.idKind, v.idLast4),
            volunteerNo: v.volunteerNo,
            periodStart: body.periodStart ?? null,
            periodEnd: body.periodEnd ?? null,
            totalMinutes: minutes,
            serviceContent: content || '志愿服务',
            issuer: node.name,
            responsiblePerson: body.responsiblePerson.trim(),
            handler: body.handler.trim(),
            contact: body.contact.trim(),
            issuedOn: today,
            issuedBy: principal.userId,
            issuedAt: now,
          })
          .returning();
        await recordAudit(tx, actor, now, { action: 'certificate.issue', objectType: 'volunteer_certificate', objectId: c!.id, orgNodeId: node.id, details: { volunteerId: v.id, minutes } });
        return c!;
      });
      return presentCertificate(row);
    } catch (err) {
      if (pgErrorCode(err) === '23505' && attempt < 3) continue;
      throw err;
    }
  }
}

async function loadCert(db: DbOrTx, id: number) {
  const [c] = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.id, id));
  return c;
}

/** The volunteer themselves, or staff reading the volunteer or at the issuing node. */
async function readableCert(ctx: AppContext, principal: Principal, id: number) {
  const c = await loadCert(ctx.db, id);
  if (!c) throw errors.notFound();
  const v = await loadVolunteer(ctx.db, { id: c.volunteerId });
  if (v?.userId === principal.userId) return c;
  const node = await nodeOr404(ctx.db, c.nodeId);
  if (!(v && can(principal, 'volunteers.read', v.nodePath)) && !can(principal, 'volunteers.read', node.path)) throw errors.notFound();
  return { ...c, nodePath: node.path };
}

export async function getCertificate(ctx: AppContext, principal: Principal, id: number) {
  return presentCertificate(await readableCert(ctx, principal, id));
}

export async function listCertificates(ctx: AppContext, principal: Principal, query: { nodeId?: number; volunteerId?: number; limit?: number; offset?: number }) {
  const paths = await listPaths(ctx.db, principal, ['volunteers.read'], query.nodeId);
  const where: SQL[] = [inSubtrees(orgNodes.path, paths)];
  if (query.volunteerId) where.push(eq(volunteerCertificates.volunteerId, query.volunteerId));
  const cond = and(...where);
  const [{ total }] = (await ctx.db.select({ total: count() }).from(volunteerCertificates).innerJoin(orgNodes, eq(orgNodes.id, volunteerCertificates.nodeId)).where(cond)) as [{ total: number }];
  const rows = await ctx.db
    .select({ c: volunteerCertificates })
    .from(volunteerCertificates)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerCertificates.nodeId))
    .where(cond)
    .orderBy(desc(volunteerCertificates.issuedAt), desc(volunteerCertificates.id))
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  return { items: rows.map((r) => presentCertificate(r.c)), total: Number(total) };
}

export async function myCertificates(ctx: AppContext, principal: Principal) {
  const v = await myVolunteer(ctx.db, principal);
  const rows = await ctx.db.select().from(volunteerCertificates).where(eq(volunteerCertificates.volunteerId, v.id)).orderBy(desc(volunteerCertificates.issuedAt));
  return { items: rows.map(presentCertificate), total: rows.length };
}

export async function revokeCertificate(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, reason: string) {
  const c = await loadCert(ctx.db, id);
  if (!c) throw errors.notFound();
  const node = await nodeOr404(ctx.db, c.nodeId);
  assertManageAt(principal, node.path);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [done] = await tx
      .update(volunteerCertificates)
      .set({ revokedAt: now, revokedBy: principal.userId, revokeReason: reason.trim() })
      .where(and(eq(volunteerCertificates.id, id), isNull(volunteerCertificates.revokedAt)))
      .returning();
    if (!done) throw volunteerErrors.certificateRevoked();
    await recordAudit(tx, actor, now, { action: 'certificate.revoke', objectType: 'volunteer_certificate', objectId: id, orgNodeId: c.nodeId, details: { reason: reason.trim() } });
    return done;
  });
  return presentCertificate(row);
}

/**
 * The public verification of a serial: genuine or revoked, with only what the certificate prints about the person
 * (masked name and ID), the hours, the issuer and the date. Unknown serials are 404.
 */
export async function verifyCertificate(ctx: AppContext, serial: string) {
  const [c] = await ctx.db.select().from(volunteerCertificates).where(eq(volunteerCertificates.serial, serial.toUpperCase()));
  if (!c) throw errors.notFound();
  return {
    serial: c.serial,
    valid: c.revokedAt === null,
    volunteerName: maskName(c.volunteerName) ?? '*',
    idMasked: c.idMasked,
    hours: hoursOf(c.totalMinutes),
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    issuer: c.issuer,
    issuedOn: c.issuedOn,
    revokedOn: c.revokedAt ? shanghaiDate(c.revokedAt) : null,
  };
}


/** The QR code printed on a certificate: it opens the public verification page of its serial. */
export async function certificateQr(ctx: AppContext, principal: Principal, id: number, origin: string) {
  const c = await readableCert(ctx, principal, id);
  const verifyUrl = `${origin}/m/verify/${encodeURIComponent(c.serial)}`;
  const svg = await QRCode.toString(verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { serial: c.serial, verifyUrl, svg };
}
