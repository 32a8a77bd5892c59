import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { registryWorld } from '../../../test/registry.js';
import { TAG_RETENTION_JOB } from './tags.service.js';

/**
 * Care tags: the defaults at the region, the sensitivity model (a tag a caller's roles may not see never shows —
 * not in the list, not on a person, not as a filter), masked details, retention, and the access review.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof registryWorld>>;
let home = 0;
let grandma = 0;
let grandpa = 0;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await registryWorld(t, 'Tg');
  home = await w.household('staffA', w.unitA1.id, '201');
  grandma = await w.person('staffA', { householdId: home, name: '刘淑珍', idNumber: w.idFor('1938-10-10', false) });
  const other = await w.household('staffA', w.unitA1.id, '202');
  grandpa = await w.person('staffA', { householdId: other, name: '陈德福', idNumber: w.idFor('1950-01-01') });
  await w.person('staffA', { householdId: other, relation: 'spouse', name: '黄秀兰', idNumber: w.idFor('1952-01-01', false) });
});
afterAll(() => t.close());

const ids = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((x) => x.id);

describe('the default tags', () => {
  it('are seeded at the region with their codes, names and sensitivity', async () => {
    const items = (await w.api('staffA', 'GET', `/registry/tags?nodeId=${w.tree.communityA.id}`)).json().items as {
      code: string;
      name: string;
      sensitivity: string;
      visibleToRoles: string[];
      orgNodeId: number;
    }[];
    const byCode = Object.fromEntries(items.map((i) => [i.code, i]));
    expect(Object.keys(byCode)).toEqual(
      expect.arrayContaining(['living_alone', 'empty_nest', 'advanced_age', 'dibao', 'tekun', 'disabled', 'hardship', 'left_behind_child', 'veteran', 'key_attention']),
    );
    expect(byCode.living_alone).toMatchObject({ name: '独居老人', sensitivity: 'ordinary', orgNodeId: w.tree.region.id });
    expect(byCode.disabled).toMatchObject({ name: '残疾', sensitivity: 'sensitive' });
    expect(byCode.dibao!.visibleToRoles).not.toContain('building_leader');
    expect(byCode.veteran!.visibleToRoles).toContain('building_leader');
  });
});

describe('sensitivity', () => {
  let secretOnly = 0;

  beforeAll(async () => {
    const res = await w.api('secA', 'POST', '/registry/tags', {
      orgNodeId: w.tree.communityA.id,
      code: 'petition_watch',
      name: '信访关注',
      sensitivity: 'sensitive',
      visibleToRoles: ['community_secretary'],
      purpose: '书记亲自跟进的信访事项',
      retentionDays: 30,
    });
    expect(res.statusCode).toBe(201);
    secretOnly = res.json().id;
    expect((await w.api('secA', 'POST', `/registry/persons/${grandpa}/tags`, { tagId: secretOnly, note: '多次来访' })).statusCode).toBe(200);
  });

  it('shows the tag to a role in its list', async () => {
    const p = (await w.api('secA', 'GET', `/registry/persons/${grandpa}`)).json();
    expect(p.tags.map((x: { code: string }) => x.code)).toContain('petition_watch');
    expect(ids(await w.api('secA', 'GET', `/registry/persons?tagIds=${secretOnly}`))).toEqual([grandpa]);
  });

  it('never shows it to roles outside the list: not listed, not on the person, not as a filter, not to give', async () => {
    for (const who of ['gridA1', 'staffA'] as const) {
      const at = who === 'gridA1' ? w.tree.gridA1.id : w.tree.communityA.id;
      const tags = (await w.api(who, 'GET', `/registry/tags?nodeId=${at}`)).json().items as { id: number }[];
      expect(tags.map((x) => x.id), who).not.toContain(secretOnly);
      const anywhere = (await w.api(who, 'GET', '/registry/tags')).json().items as { id: number }[];
      expect(anywhere.map((x) => x.id), who).not.toContain(secretOnly);
      const p = await w.api(who, 'GET', `/registry/persons/${grandpa}`);
      expect(p.statusCode).toBe(200);
      expect(JSON.stringify(p.json().tags)).not.toContain('petition_watch');
      expect(JSON.stringify(p.json())).not.toContain('信访');
      const filtered = await w.api(who, 'GET', `/registry/persons?tagIds=${secretOnly}`);
      expect(filtered.json()).toEqual({ items: [], total: 0 });
      const list = (await w.api(who, 'GET', '/registry/persons')).json();
      expect(JSON.stringify(list)).not.toContain('信访');
      expect((await w.api(who, 'POST', `/registry/persons/${grandma}/tags`, { tagId: secretOnly })).statusCode).toBe(404);
      expect((await w.api(who, 'POST', `/registry/persons/${grandpa}/tags/${secretOnly}/remove`)).statusCode).toBe(404);
    }
  });

  it('masks a sensitive tag’s details until the audited full view', async () => {
    const disabled = await w.tagId('staffA', 'disabled');
    const bad = await w.api('staffA', 'POST', `/registry/persons/${grandma}/tags`, { tagId: disabled, detail: { type: '飞行', grade: '二级' } });
    expect(bad.json().error.code).toBe('tag_detail_invalid');
    const res = await w.api('staffA', 'POST', `/registry/persons/${grandma}/tags`, { tagId: disabled, detail: { type: '肢体', grade: '二级' } });
    expect(res.statusCode).toBe(200);
    const tag = res.json().tags.find((x: { code: string }) => x.code === 'disabled');
    expect(tag).toMatchObject({ detail: { type: '***', grade: '***' }, detailMasked: true });
    const full = await w.api('staffA', 'POST', `/registry/persons/${grandma}/full-view`, { reason: '残联补贴核对' });
    expect(full.json().tags.find((x: { code: string }) => x.code === 'disabled').detail).toEqual({ type: '肢体', grade: '二级' });
    expect(full.json().fields).toContain('tag_details');
  });

  it('filters by tag, living alone and age together', async () => {
    const alone = await w.tagId('gridA1', 'living_alone', w.tree.gridA1.id);
    await w.api('gridA1', 'POST', `/registry/persons/${grandma}/tags`, { tagId: alone });
    expect(ids(await w.api('gridA1', 'GET', `/registry/persons?tagIds=${alone}&over80=true&livingAlone=true`))).toEqual([grandma]);
    expect(ids(await w.api('gridA1', 'GET', `/registry/persons?livingAlone=true`))).toEqual([grandma]);
    expect(ids(await w.api('gridA1', 'GET', `/registry/persons?tagIds=${alone}&ageBand=from60to79`))).toEqual([]);
    expect(ids(await w.api('gridA1', 'GET', `/registry/persons?ageBand=from60to79`)).sort()).toHaveLength(2);
  });
});

describe('retention', () => {
  it('erases a removed tag once its retention has passed, not before', async () => {
    const veteran = await w.tagId('staffA', 'veteran');
    await w.api('staffA', 'POST', `/registry/persons/${grandpa}/tags`, { tagId: veteran });
    const removed = await w.api('staffA', 'POST', `/registry/persons/${grandpa}/tags/${veteran}/remove`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().tags.map((x: { code: string }) => x.code)).not.toContain('veteran');
    const count = async () =>
      (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from person_tags where person_id = ${grandpa} and tag_id = ${veteran}`))[0]!.n;
    await t.app.ctx.jobs.run(TAG_RETENTION_JOB);
    expect(await count()).toBe(1);
    t.clock.set('2031-03-10T09:00:00+08:00');
    await t.app.ctx.jobs.run(TAG_RETENTION_JOB);
    expect(await count()).toBe(0);
    t.clock.set('2026-03-02T10:00:00+08:00');
    await w.relogin();
  });
});

describe('the access review', () => {
  it('lists who saw whose full record and why, for audit.read or registry.configure', async () => {
    await w.api('staffA', 'POST', `/registry/persons/${grandpa}/full-view`, { reason: '核对养老保险信息' });
    const res = await w.api('secA', 'GET', `/registry/access-log?nodeId=${w.tree.communityA.id}`);
    expect(res.statusCode).toBe(200);
    const entry = res.json().items.find((e: { personId: number }) => e.personId === grandpa);
    expect(entry).toMatchObject({ actorId: w.id.staffA, actorName: '社工A', personName: '陈德福', reason: '核对养老保险信息' });
    expect((await w.api('gridA1', 'GET', '/registry/access-log')).statusCode).toBe(403);
    const other = (await w.api('staffB', 'GET', '/registry/access-log')).json();
    expect(other.items).toHaveLength(0);
  });
});
