import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import type { Polygon } from '../../db/schema/org.js';
import { open311Keys, open311Tokens, requests } from '../../db/schema/requests.js';
import { updateOrgNode } from '../org/org.repo.js';
import { insertRequestRow } from '../requests/ledger/fixtures.js';
import { seedDefaultCategories } from '../requests/core/categories.js';
import { DEMO_OPEN311_KEY, insertApiKey, seedOpen311Demo } from './open311.keys.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const BAOLI_KEY = 'baoli-partner-key';
const REVOKED_KEY = 'revoked-partner-key';
const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
let grassNumber = '';
let baoliNumber = '';

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: `/open311/v2${url}`, headers });
}

async function post(url: string, fields: Record<string, string>) {
  const body = form(fields);
  return t.app.inject({ method: 'POST', url: `/open311/v2${url}`, headers: body.headers, payload: body.payload });
}

/** The text of every <tag> element in an XML document. */
const xmlValues = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  const db = t.database.db;
  tree = await createOrgTree(db, 'O');
  const now = t.clock.now();
  await updateOrgNode(db, tree.county.id, { code: '150204' }, now);
  await updateOrgNode(db, tree.gridA1.id, { polygon: rect(109.88, 40.65, 109.8836, 40.6527) }, now);
  await updateOrgNode(db, tree.gridB1.id, { polygon: rect(109.8872, 40.65, 109.8908, 40.6527) }, now);
  await seedDefaultCategories(db);
  await seedOpen311Demo(db, now);
  await insertApiKey(db, BAOLI_KEY, '保利社区小程序', tree.communityA.id, now);
  const revoked = await insertApiKey(db, REVOKED_KEY, '旧合作方', tree.county.id, now);
  await db.update(open311Keys).set({ revokedAt: now }).where(eq(open311Keys.id, revoked!.id));
  grassNumber = (
    await insertRequestRow(db, {
      orgNodeId: tree.gridB1.id,
      receivedAt: new Date('2026-03-09T10:00:00+08:00'),
      content: '草原社区居民李四反映：门口路灯不亮，电话13900139000',
      address: '草原小区5号楼',
      reporterName: '李四',
      reporterPhone: '13900139000',
    })
  ).number;
  baoliNumber = (
    await insertRequestRow(db, {
      orgNodeId: tree.gridA1.id,
      receivedAt: new Date('2026-03-08T10:00:00+08:00'),
      content: '保利社区楼道灯坏了',
      address: '保利小区12号楼3单元',
      lng: 109.88123,
      lat: 40.65189,
    })
  ).number;
  const people = {
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    county: { homeNodeId: tree.county.id, roles: [{ role: 'county_admin', orgNodeId: tree.county.id }] },
  };
  for (const [username, opts] of Object.entries(people)) await createUser(db, { username, ...opts });
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
  // Migrating a fresh database takes a while when the machine is busy.
}, 180_000);
afterAll(() => t.close());

describe('Open311 discovery and services', () => {
  it('describes itself and lists services in JSON and XML', async () => {
    const discovery = await get('/discovery.json');
    expect(discovery.statusCode).toBe(200);
    expect(discovery.json().endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'] });
    const services = await get('/services.json');
    expect(services.headers['content-type']).toContain('application/json');
    expect(services.json()).toContainEqual(expect.objectContaining({ service_code: 'light_out', service_name: '路灯不亮', group: '路灯照明', type: 'realtime', metadata: false }));
    expect(services.json().map((s: { service_code: string }) => s.service_code)).not.toContain('street_lights');
    const xml = await get('/services.xml');
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>')).toBe(true);
    expect(xmlValues(xml.body, 'service_code')).toContain('light_out');
    expect((await get('/services.json?jurisdiction_id=150204')).json().length).toBe(services.json().length);
    const definition = await get('/services/light_out.xml');
    expect(definition.body).toContain('<service_definition><service_code>light_out</service_code><attributes></attributes></service_definition>');
  });

  it('answers unknown things with the spec’s errors, in the asked format', async () => {
    const json = await get('/services/no_such_service.json');
    expect(json.statusCode).toBe(404);
    expect(json.json()).toEqual([{ code: 404, description: expect.stringContaining('no_such_service') }]);
    const xml = await get('/services/no_such_service.xml');
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toMatch(/^<\?xml[^>]*\?>\n<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/);
    expect((await get('/services.json?jurisdiction_id=999999')).statusCode).toBe(404);
    expect((await get('/nothing/here.xml')).body).toContain('<errors><error><code>404</code>');
  });
});

describe('Open311 POST requests', () => {
  it('files a request with a valid key, located to the grid, and answers with a token (JSON)', async () => {
    const res = await post('/requests.json', {
      api_key: DEMO_OPEN311_KEY,
      service_code: 'light_out',
      lat: '40.651',
      long: '109.8815',
      description: '小区门口的路灯不亮了',
      first_name: '三',
      last_name: '张',
      phone: '13800138000',
      account_id: 'acct-7',
    });
    expect(res.statusCode).toBe(201);
    const [created] = res.json();
    expect(created).toMatchObject({ service_request_id: expect.stringMatching(/^LX\d+$/), account_id: 'acct-7' });
    expect(created.service_notice).toContain('办结时限');
    const [row] = await t.database.db.select().from(requests).where(eq(requests.number, created.service_request_id));
    expect(row).toMatchObject({ channel: 'open311', orgNodeId: tree.gridA1.id, reporterName: '张三', reporterPhone: '13800138000', content: '小区门口的路灯不亮了' });
    const [tokenRow] = await t.database.db.select().from(open311Tokens).where(eq(open311Tokens.requestId, row!.id));
    expect(tokenRow!.token).toBe(created.token);
    const byToken = await get(`/tokens/${created.token}.json`);
    expect(byToken.json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
  });

  it('files through the XML variant with an address in a jurisdiction', async () => {
    const res = await post('/requests.xml', {
      api_key: DEMO_OPEN311_KEY,
      jurisdiction_id: `n${tree.communityB.id}`,
      service_code: 'garbage',
      address_string: '草原小区北门',
      description: '北门垃圾堆了三天没人清运',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toContain('text/xml');
    const [number] = xmlValues(res.body, 'service_request_id');
    expect(number).toMatch(/^LX\d+$/);
    expect(xmlValues(res.body, 'token')[0]).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await t.database.db.select().from(requests).where(eq(requests.number, number!));
    expect(row).toMatchObject({ orgNodeId: tree.communityB.id, address: '草原小区北门' });
  });

  it('refuses bad keys with 403, missing fields with 400 and unknown codes with 404', async () => {
    const base = { service_code: 'light_out', lat: '40.651', long: '109.8815', description: '路灯不亮' };
    const cases: [Record<string, string>, number, string][] = [
      [base, 403, 'api_key'],
      [{ ...base, api_key: 'wrong-key' }, 403, 'api_key'],
      [{ ...base, api_key: REVOKED_KEY }, 403, 'api_key'],
      [{ ...base, api_key: DEMO_OPEN311_KEY, service_code: '' }, 400, 'service_code'],
      [{ ...base, api_key: DEMO_OPEN311_KEY, service_code: 'no_such_service' }, 404, 'no_such_service'],
      [{ api_key: DEMO_OPEN311_KEY, service_code: 'light_out', description: '路灯不亮' }, 400, 'location'],
      [{ ...base, api_key: DEMO_OPEN311_KEY, lat: '' }, 400, 'lat'],
      [{ ...base, api_key: DEMO_OPEN311_KEY, description: '' }, 400, 'description'],
      [{ ...base, api_key: DEMO_OPEN311_KEY, lat: 'north' }, 400, 'lat'],
      [{ ...base, api_key: BAOLI_KEY, jurisdiction_id: `n${tree.communityB.id}` }, 403, 'jurisdiction'],
      [{ ...base, api_key: DEMO_OPEN311_KEY, jurisdiction_id: '999999' }, 404, 'jurisdiction_id'],
    ];
    for (const [fields, status, word] of cases) {
      const body = form(fields);
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { ...body.headers, 'accept-language': 'en' }, payload: body.payload });
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.json(), JSON.stringify(fields)).toEqual([{ code: status, description: expect.stringContaining(word) }]);
    }
    const xml = await post('/requests.xml', { ...base, api_key: 'wrong-key' });
    expect(xml.statusCode).toBe(403);
    expect(xml.body).toContain('<errors><error><code>403</code><description>');
    const before = await t.database.db.select({ id: requests.id }).from(requests);
    expect(before.length).toBe(4);
  });
});

describe('Open311 POST with a JSON body', () => {
  it('accepts JSON too, numbers quoted or not', async () => {
    for (const point of [{ lat: 40.6512, long: 109.8816 }, { lat: '40.6513', long: '109.8817' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: { api_key: DEMO_OPEN311_KEY, service_code: 'manhole', description: '井盖松动，踩上去会响', ...point },
      });
      expect(res.statusCode).toBe(201);
      const [row] = await t.database.db.select().from(requests).where(eq(requests.number, res.json()[0].service_request_id));
      expect(row).toMatchObject({ orgNodeId: tree.gridA1.id, lat: Number(point.lat) });
    }
  });
});

describe('Open311 GET requests', () => {
  it('needs a key: anonymous callers and signed-in staff without one see no request', async () => {
    for (const headers of [{}, bearer(token.gridA!), bearer(token.county!)]) {
      const res = await get('/requests.json', headers);
      expect(res.statusCode).toBe(403);
      expect((await get(`/requests/${grassNumber}.xml`, headers)).statusCode).toBe(403);
    }
  });

  it('lists the key’s node only, with non-personal fields', async () => {
    const baoli = (await get('/requests.json', { 'x-api-key': BAOLI_KEY })).json() as Record<string, unknown>[];
    const numbers = baoli.map((r) => r.service_request_id);
    expect(numbers).toContain(baoliNumber);
    expect(numbers).not.toContain(grassNumber);
    expect(JSON.stringify(baoli)).not.toContain('13800138000');
    const mine = baoli.find((r) => r.service_request_id === baoliNumber)!;
    expect(mine).toMatchObject({
      status: 'open',
      status_notes: '待受理',
      description: null,
      address: '保利小区**号楼*单元',
      lat: 40.652,
      long: 109.881,
      requested_datetime: '2026-03-08T10:00:00+08:00',
      expected_datetime: '2026-03-13T10:00:00+08:00',
      agency_responsible: tree.gridA1.name,
    });
    expect((await get(`/requests/${grassNumber}.json?api_key=${BAOLI_KEY}`)).statusCode).toBe(404);

    const county = (await get(`/requests.json?api_key=${DEMO_OPEN311_KEY}`)).json() as Record<string, unknown>[];
    const grass = county.find((r) => r.service_request_id === grassNumber)!;
    expect(grass.description).toBeNull();
    expect(JSON.stringify(county)).not.toMatch(/13900139000|李四/);
    const filed = county.find((r) => r.description === '小区门口的路灯不亮了')!;
    expect(filed).toMatchObject({ service_code: 'light_out', service_name: '路灯不亮', status: 'open' });
  });

  it('filters by id, service code, dates and status, in both formats', async () => {
    const q = `api_key=${DEMO_OPEN311_KEY}`;
    const ids = (url: string) => get(url).then((r) => (r.json() as { service_request_id: string }[]).map((x) => x.service_request_id));
    expect(await ids(`/requests.json?${q}&service_request_id=${grassNumber},${baoliNumber}`)).toEqual([grassNumber, baoliNumber]);
    expect((await ids(`/requests.json?${q}&service_code=garbage`)).length).toBe(1);
    expect(await ids(`/requests.json?${q}&start_date=2026-03-08T00:00:00%2B08:00&end_date=2026-03-08T23:59:59%2B08:00`)).toEqual([baoliNumber]);
    expect(await ids(`/requests.json?${q}&status=closed`)).toEqual([]);
    await t.database.db.update(requests).set({ status: 'rejected' }).where(eq(requests.number, baoliNumber));
    expect(await ids(`/requests.json?${q}&status=closed`)).toEqual([baoliNumber]);
    const xml = await get(`/requests/${baoliNumber}.xml?${q}`);
    expect(xml.body).toContain(`<service_requests><request><service_request_id>${baoliNumber}</service_request_id><status>closed</status>`);
    expect(xmlValues(xml.body, 'expected_datetime')).toEqual(['2026-03-13T10:00:00+08:00']);
    for (const bad of ['status=pending', 'start_date=2025-01-01&end_date=2026-03-01', 'start_date=yesterday', 'jurisdiction_id=999999']) {
      const res = await get(`/requests.json?${q}&${bad}`);
      expect(res.statusCode, bad).toBe(bad.startsWith('jurisdiction') ? 404 : 400);
    }
    expect((await get(`/tokens/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.json`)).statusCode).toBe(404);
  });
});

describe('Open311 partner keys', () => {
  it('are issued once, hashed, used, listed and revoked by admins of the node', async () => {
    const issued = await t.app.inject({ method: 'POST', url: '/api/v1/open311/keys', headers: bearer(token.secA!), payload: { partnerName: '保利便民App', nodeId: tree.communityA.id } });
    expect(issued.statusCode).toBe(201);
    const { key, id } = issued.json();
    expect(key).toMatch(/^o311_/);
    expect((await get(`/requests.json?api_key=${key}`)).statusCode).toBe(200);
    const stored = await t.database.db.select().from(open311Keys).where(eq(open311Keys.id, id));
    expect(stored[0]!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/open311/keys', headers: bearer(token.county!) });
    expect(list.json().items.map((k: { partnerName: string }) => k.partnerName)).toEqual(expect.arrayContaining(['保利便民App', '演示合作方（12345 热线系统）']));
    const worker = await t.app.inject({ method: 'POST', url: '/api/v1/open311/keys', headers: bearer(token.gridA!), payload: { partnerName: 'x app', nodeId: tree.gridA1.id } });
    expect(worker.statusCode).toBe(403);
    const outside = await t.app.inject({ method: 'POST', url: '/api/v1/open311/keys', headers: bearer(token.secA!), payload: { partnerName: 'x app', nodeId: tree.communityB.id } });
    expect(outside.statusCode).toBe(404);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/open311/keys/${id}`, headers: bearer(token.secA!) });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await get(`/requests.json?api_key=${key}`)).statusCode).toBe(403);
    expect(await seedOpen311Demo(t.database.db, t.clock.now())).toEqual({ created: false });
  });
});
