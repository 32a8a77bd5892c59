import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpByCode } from '../../../test/accounts.js';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { households, persons, placeAssignments } from '../../db/schema/registry.js';
import { auditLog } from '../../db/schema/platform.js';
import { makeResidentId } from '../../platform/idNumber.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
let staffA: string;
let staffB: string;
let resident: { token: string; userId: number };
let head: number;
let spouse: number;
const MOBILE = '13100131200';
const OLD_ID = makeResidentId('150102', '1960-05-04', 123);

beforeAll(async () => {
  t = await createTestApp({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'lianxin-registry-')) });
  tree = await createOrgTree(t.database.db);
  const db = t.database.db;
  await createUser(db, { username: 'staff.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'staff.b', homeNodeId: tree.communityB.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] });
  await createUser(db, { username: 'gw.a1', displayName: '网格员甲', mobile: '13700137001', homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  const leader = await createUser(db, { username: 'leader.a1', displayName: '楼长乙', mobile: '13700137002', homeNodeId: tree.buildingA1.id });
  const now = t.clock.now();
  await db.insert(placeAssignments).values({ nodeId: tree.buildingA1.id, duty: 'building_leader', userId: leader.id, startedAt: now });
  const [hh] = await db
    .insert(households)
    .values({ nodeId: tree.unitA1.id, gridId: tree.gridA1.id, communityId: tree.communityA.id, door: '501', createdAt: now, updatedAt: now })
    .returning();
  const sealed = t.app.ctx.personal.seal(OLD_ID);
  const base = { householdId: hh!.id, gridId: tree.gridA1.id, communityId: tree.communityA.id, createdAt: now, updatedAt: now };
  const [p1] = await db
    .insert(persons)
    .values({ ...base, name: '张桂英', mobile: MOBILE, relation: 'head', gender: 'female', birthDate: '1960-05-04', idKind: 'resident_id', idCipher: sealed.cipher, idKeyId: sealed.keyId, idHash: t.app.ctx.personal.hash(OLD_ID), idLast4: OLD_ID.slice(-4) })
    .returning();
  const [p2] = await db.insert(persons).values({ ...base, name: '王建国', relation: 'spouse', gender: 'male' }).returning();
  head = p1!.id;
  spouse = p2!.id;
  staffA = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
  staffB = await loginAs(t.app, 'staff.b', TEST_PASSWORD);
  resident = await signUpByCode(t, MOBILE, '张桂英');
  await t.app.inject({ method: 'POST', url: '/api/v1/me/residence', headers: bearer(resident.token), payload: { nodeId: tree.unitA1.id } });
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

describe('before confirmation', () => {
  it('shows the place and who is on duty, but no record; a correction needs a confirmed account', async () => {
    const res = await call('GET', '/me/household', resident.token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ joined: true, confirmed: false, person: null, household: null });
    expect(body.contacts).toEqual([
      { duty: 'grid_worker', name: '网格员甲', mobile: '13700137001', placeName: tree.gridA1.name },
      { duty: 'building_leader', name: '楼长乙', mobile: '13700137002', placeName: '1号楼' },
    ]);
    const correction = await call('POST', '/me/corrections', resident.token, { fields: { name: '张桂兰' }, reason: '' });
    expect(correction.statusCode).toBe(409);
    expect(errorCode(correction)).toBe('not_confirmed');
  });
});

describe('staff confirm accounts against the registry', () => {
  it('lists the unconfirmed resident with the person of the same number as a candidate, in scope only', async () => {
    const list = (await call('GET', '/accounts/unconfirmed', staffA)).json();
    const item = list.items.find((i: { userId: number }) => i.userId === resident.userId);
    expect(item).toMatchObject({ displayName: '张桂英', mobile: '131****1200', place: { nodeId: tree.unitA1.id } });
    expect(item.candidates).toEqual([expect.objectContaining({ personId: head, name: '张桂英', mobile: '131****1200', matches: ['mobile', 'name'], place: '1单元 501' })]);
    const other = (await call('GET', '/accounts/unconfirmed', staffB)).json();
    expect(other.items.some((i: { userId: number }) => i.userId === resident.userId)).toBe(false);
    expect((await call('GET', '/accounts/unconfirmed', resident.token)).json().items).toEqual([]);
  });

  it('refuses staff of another community (404) and the resident themselves (403: their unit is visible to them)', async () => {
    expect((await call('PUT', `/accounts/${resident.userId}/person`, staffB, { personId: head })).statusCode).toBe(404);
    expect((await call('PUT', `/accounts/${resident.userId}/person`, resident.token, { personId: head })).statusCode).toBe(403);
  });

  it('links the account to the person, audited; the resident then sees their household', async () => {
    const res = await call('PUT', `/accounts/${resident.userId}/person`, staffA, { personId: head });
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(persons).where(eq(persons.id, head));
    expect(row!.userId).toBe(resident.userId);
    const audits = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'person.link_account'), eq(auditLog.objectId, String(head))));
    expect(audits).toHaveLength(1);
    expect((await call('PUT', `/accounts/${resident.userId}/person`, staffA, { personId: spouse })).statusCode).toBe(409);

    const mine = (await call('GET', '/me/household', resident.token)).json();
    expect(mine.confirmed).toBe(true);
    expect(mine.person).toMatchObject({ name: '张桂英', mobile: '131****1200', idNumber: `**************${OLD_ID.slice(-4)}`, birthDate: '1960-**-**' });
    expect(mine.household.members).toEqual([
      { id: head, name: '张桂英', relation: 'head', self: true },
      { id: spouse, name: '王建国', relation: 'spouse', self: false },
    ]);
    const full = await call('GET', '/me/person/full', resident.token);
    expect(full.json()).toMatchObject({ idNumber: OLD_ID, mobile: MOBILE, birthDate: '1960-05-04' });
    const views = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'person.view_full'), eq(auditLog.objectId, String(head))));
    expect(views).toHaveLength(1);
  });
});

describe('corrections', () => {
  const NEW_ID = makeResidentId('150102', '1960-06-04', 125);
  let correctionId: number;

  it('refuses an empty request and an invalid ID number', async () => {
    const empty = await call('POST', '/me/corrections', resident.token, { fields: {}, reason: '' });
    expect(errorCode(empty)).toBe('correction_empty');
    const bad = await call('POST', '/me/corrections', resident.token, { fields: { idNumber: '150102196006041234' }, reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('invalid_id_number');
  });

  it('takes a request with the ID number sealed, never in plain text', async () => {
    const res = await call('POST', '/me/corrections', resident.token, { fields: { name: '张桂兰', birthDate: '1960-06-04', idNumber: NEW_ID }, reason: '户口本上是“兰”' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    correctionId = body.id;
    expect(body).toMatchObject({ status: 'pending', proposed: { name: '张桂兰', birthDate: '1960-06-04', idNumber: `**************${NEW_ID.slice(-4)}` }, current: { name: '张桂英' } });
    expect(res.body).not.toContain(NEW_ID);
    const mine = (await call('GET', '/me/corrections', resident.token)).json();
    expect(mine.items.map((c: { id: number }) => c.id)).toEqual([correctionId]);
  });

  it('shows the request to staff in scope only; others get 404 on deciding', async () => {
    const list = (await call('GET', '/person-corrections?status=pending', staffA)).json();
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([correctionId]);
    expect((await call('GET', '/person-corrections', staffB)).json().items).toEqual([]);
    expect((await call('POST', `/person-corrections/${correctionId}/decision`, staffB, { decision: 'approve' })).statusCode).toBe(404);
    expect((await call('POST', `/person-corrections/${correctionId}/decision`, resident.token, { decision: 'approve' })).statusCode).toBe(404);
  });

  it('applies an approved request to the person in the same step, audited by field name', async () => {
    const res = await call('POST', `/person-corrections/${correctionId}/decision`, staffA, { decision: 'approve' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('approved');
    const [row] = await t.database.db.select().from(persons).where(eq(persons.id, head));
    expect(row).toMatchObject({ name: '张桂兰', birthDate: '1960-06-04', idHash: t.app.ctx.personal.hash(NEW_ID), idLast4: NEW_ID.slice(-4) });
    expect(t.app.ctx.personal.open({ cipher: row!.idCipher!, keyId: row!.idKeyId! })).toBe(NEW_ID);
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'person.correct'), eq(auditLog.objectId, String(head))));
    expect(audit?.details).toEqual({ correctionId, fields: ['name', 'birthDate', 'idNumber'] });
    expect(JSON.stringify(audit)).not.toContain(NEW_ID);
    const again = await call('POST', `/person-corrections/${correctionId}/decision`, staffA, { decision: 'reject', note: 'x' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('correction_decided');
  });

  it('rejects only with a note, and leaves the person as it was', async () => {
    const created = (await call('POST', '/me/corrections', resident.token, { fields: { ethnicity: '蒙古族' }, reason: '' })).json();
    const noNote = await call('POST', `/person-corrections/${created.id}/decision`, staffA, { decision: 'reject' });
    expect(errorCode(noNote)).toBe('note_required');
    const res = await call('POST', `/person-corrections/${created.id}/decision`, staffA, { decision: 'reject', note: '请携带户口本到社区核对' });
    expect(res.json()).toMatchObject({ status: 'rejected', note: '请携带户口本到社区核对' });
    const [row] = await t.database.db.select().from(persons).where(eq(persons.id, head));
    expect(row!.ethnicity).toBeNull();
  });
});

describe('unlinking', () => {
  it('staff unlink the account; a second unlink is a conflict', async () => {
    expect((await call('DELETE', `/accounts/${resident.userId}/person`, staffB)).statusCode).toBe(404);
    const res = await call('DELETE', `/accounts/${resident.userId}/person`, staffA);
    expect(res.json()).toEqual({ userId: resident.userId, personId: null });
    expect(errorCode(await call('DELETE', `/accounts/${resident.userId}/person`, staffA))).toBe('not_linked');
    expect((await call('GET', '/me/household', resident.token)).json().confirmed).toBe(false);
  });
});
