import type { LightMyRequestResponse } from 'fastify';
import { sessions } from '../src/db/schema/users.js';
import { insertServiceCenter } from '../src/modules/org/serviceCenter.repo.js';
import { newToken } from '../src/platform/auth.js';
import { bearer, loginAs, type TestApp } from './app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from './factories.js';

/**
 * A small world for the rooms tests: the factories' tree with a service center in community A (保利) and one in
 * community B (草原), staff and residents in each, and helpers that call the API as one of them.
 * The test clock starts on Monday 2026-03-02 09:00 China time.
 */

/** Setting up a test database and the world can take a while on a busy machine (PGlite migrates from scratch). */
export const SETUP_TIMEOUT_MS = 180_000;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Caller {
  id: number;
  token: string;
  call(method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export function caller(t: TestApp, id: number, token: string, lang = 'zh'): Caller {
  const call = (method: Method, url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...bearer(token), 'accept-language': lang },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return { id, token, call, get: (url) => call('GET', url), post: (url, payload) => call('POST', url, payload ?? {}) };
}

/** Many residents at once: accounts with a session each, without a password round trip per person. */
export async function crowd(t: TestApp, tag: string, count: number, homeNodeId: number, roleNodeId: number): Promise<Caller[]> {
  const out: Caller[] = [];
  const now = t.clock.now();
  for (let i = 0; i < count; i++) {
    const user = await createUser(t.database.db, { username: `${tag}.c${i}`, homeNodeId, roles: [{ role: 'resident', orgNodeId: roleNodeId }] });
    const { token, tokenHash } = newToken();
    await t.database.db.insert(sessions).values({ tokenHash, userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + 30 * 86_400_000) });
    out.push(caller(t, user.id, token));
  }
  return out;
}

export async function person(t: TestApp, username: string, homeNodeId: number, roles: { role: string; orgNodeId: number }[], displayName?: string) {
  const user = await createUser(t.database.db, { username, homeNodeId, roles, displayName });
  return caller(t, user.id, await loginAs(t.app, username, TEST_PASSWORD));
}

export async function roomsWorld(t: TestApp, tag: string) {
  const db = t.database.db;
  const tree = await createOrgTree(db, tag);
  const now = t.clock.now();
  const centerA = await insertServiceCenter(db, { orgNodeId: tree.communityA.id, kind: 'center', name: `${tag}保利社区党群服务中心`, createdAt: now });
  const centerB = await insertServiceCenter(db, { orgNodeId: tree.communityB.id, kind: 'center', name: `${tag}草原社区党群服务中心`, createdAt: now });
  const staffA = await person(t, `${tag}.staffA`, tree.communityA.id, [{ role: 'community_staff', orgNodeId: tree.communityA.id }], '王丽娜');
  const staffB = await person(t, `${tag}.staffB`, tree.communityB.id, [{ role: 'community_staff', orgNodeId: tree.communityB.id }], '其木格');
  const residentA = await person(t, `${tag}.resA`, tree.unitA1.id, [{ role: 'resident', orgNodeId: tree.gridA1.id }], '李桂兰');
  const residentA2 = await person(t, `${tag}.resA2`, tree.unitA1.id, [{ role: 'resident', orgNodeId: tree.communityA.id }], '穆宏');
  const residentB = await person(t, `${tag}.resB`, tree.gridB1.id, [{ role: 'resident', orgNodeId: tree.gridB1.id }], '张玉兰');
  return { tree, centerA, centerB, staffA, staffB, residentA, residentA2, residentB };
}

/** Open every day 08:00–22:00 unless other rules are given. */
export async function scheduleVia(staff: Caller, centerId: number, name: string, rules?: unknown[], extra: Record<string, unknown> = {}) {
  const res = await staff.post(`/rooms/centers/${centerId}/schedules`, {
    name,
    purpose: 'rooms',
    rules: rules ?? [{ weekdays: [1, 2, 3, 4, 5, 6, 7], opens: '08:00', closes: '22:00' }],
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`schedule: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number };
}

export async function roomVia(staff: Caller, body: Record<string, unknown>) {
  const res = await staff.post('/rooms', { kind: 'dance', ...body });
  if (res.statusCode !== 201) throw new Error(`room: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number; scheduleId: number; name: string };
}

export async function teamVia(staff: Caller, body: Record<string, unknown>) {
  const res = await staff.post('/teams', { kind: 'dance', ...body });
  if (res.statusCode !== 201) throw new Error(`team: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number; name: string };
}

/** An instant in China time, e.g. at('2026-03-03', '19:00'). */
export function at(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

export function booking(roomId: number, date: string, from: string, to: string, extra: Record<string, unknown> = {}) {
  return { roomId, startsAt: at(date, from), endsAt: at(date, to), ...extra };
}
