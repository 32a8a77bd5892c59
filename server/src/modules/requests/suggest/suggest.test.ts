import { eq, isNull, and } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../../test/factories.js';
import { requestCategories } from '../../../db/schema/requests.js';
import { insertRequestRow, insertRequestRows } from '../ledger/fixtures.js';
import { seedDefaultCategories } from '../core/categories.js';
import { buildModel, scoreCategories, type CategoryInfo } from './model.js';
import { boundingBox, haversineMeters, jaccard, wordsOf } from './text.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const cat: Record<string, number> = {};
const at = (s: string) => new Date(`${s}+08:00`);
const P = { lng: 109.88, lat: 40.65 };
/** Degrees of latitude per metre. */
const M = 1 / 111_195;

interface Suggestions {
  categories: { code: string; score: number; matchedKeywords: string[]; similarPast: number }[];
  duplicates: { number: string; distanceMeters: number | null; similarity: number }[];
  basis: { duplicateCategory: { id: number; suggested: boolean } | null; location: string; historySize: number };
}

async function suggest(who: string, id: number) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/requests/${id}/suggestions`, headers: bearer(token[who]!) });
  return { res, body: res.statusCode === 200 ? (res.json() as Suggestions) : null };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  const db = t.database.db;
  tree = await createOrgTree(db, 'S');
  await seedDefaultCategories(db);
  for (const code of ['light_out', 'light_pole', 'heating_leak', 'neighbour_conflict']) {
    const [row] = await db
      .select({ id: requestCategories.id })
      .from(requestCategories)
      .where(and(eq(requestCategories.code, code), isNull(requestCategories.orgNodeId)));
    cat[code] = row!.id;
  }
  const people = {
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    staffB: { homeNodeId: tree.communityB.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] },
    town: { homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
  };
  for (const [username, opts] of Object.entries(people)) await createUser(db, { username, ...opts });
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
  // Migrating a fresh database takes a while when the machine is busy.
}, 180_000);
afterAll(() => t.close());

describe('text helpers', () => {
  it('segments with the category keywords and drops filler', () => {
    expect(wordsOf('请尽快处理：楼上邻居装修噪音扰民！')).toEqual(['楼上', '邻居', '装修', '噪音', '扰民']);
    expect(wordsOf('路面有个坑', new Set(['坑']))).toEqual(['路面', '坑']);
  });

  it('computes Jaccard similarity, haversine distance and a box that holds the circle', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(0);
    // One minute of latitude is one nautical mile (1852 m) on the sphere, to within a few metres.
    expect(haversineMeters(109.88, 40, 109.88, 40 + 1 / 60)).toBeCloseTo(1853, 0);
    const box = boundingBox(P.lng, P.lat, 100);
    expect(haversineMeters(P.lng, P.lat, box.maxLng, P.lat)).toBeCloseTo(100, 3);
    expect(haversineMeters(P.lng, P.lat, P.lng, box.minLat)).toBeCloseTo(100, 3);
  });

  it('scores keywords, parent keywords and learned history with known answers', () => {
    const categories: CategoryInfo[] = [
      { id: 1, code: 'leak', name: '暖气漏水', parentName: '供暖', keywords: ['漏水'], parentKeywords: ['暖气'], sortOrder: 0 },
      { id: 2, code: 'dispute', name: '邻里矛盾', parentName: '纠纷', keywords: ['漏水', '邻里'], parentKeywords: [], sortOrder: 1 },
    ];
    const words = ['楼上', '漏水'];
    // Keywords only: a tie, broken by the category order.
    const cold = scoreCategories(words, categories, buildModel([]));
    expect(cold.map((s) => [s.category.code, s.score])).toEqual([
      ['leak', 0.5],
      ['dispute', 0.5],
    ]);
    // Four past requests filed as disputes with these words, one as a leak. Naive Bayes with Laplace smoothing over
    // the vocabulary {楼上, 漏水, 暖气}: dispute 5/7 × 5/11 × 5/11 = 0.147580, leak 2/7 × 1/5 × 2/5 = 0.022857, so
    // P(dispute | 楼上, 漏水) = 0.865893. Weighted by 2 × 5 / (5 + 10): dispute 1 + ⅔ × 0.865893 = 1.577262,
    // leak 1 + ⅔ × 0.134107 = 1.089405; shares 0.5915 and 0.4085.
    const history = [...Array(4).fill({ categoryId: 2, words: ['楼上', '漏水'] }), { categoryId: 1, words: ['暖气', '漏水'] }];
    const warm = scoreCategories(words, categories, buildModel(history));
    expect(warm.map((s) => s.category.code)).toEqual(['dispute', 'leak']);
    expect(warm.map((s) => s.score)).toEqual([0.591, 0.409]);
    expect(warm[0]!.similarPast).toBe(4);
  });

  it('leaves out categories with next to no evidence instead of listing them at 0 %', () => {
    const categories: CategoryInfo[] = [
      { id: 1, code: 'leak', name: '漏水', parentName: null, keywords: ['漏水'], parentKeywords: [], sortOrder: 0 },
      { id: 2, code: 'dispute', name: '邻里纠纷', parentName: null, keywords: ['楼上'], parentKeywords: [], sortOrder: 1 },
      { id: 3, code: 'noise', name: '噪音', parentName: null, keywords: ['噪音'], parentKeywords: [], sortOrder: 2 },
    ];
    // A long history of leaks and a single noise complaint that happens to share a word: learned evidence only,
    // a tiny share for noise next to two keyword matches.
    const history = [...Array(40).fill({ categoryId: 1, words: ['漏水', '楼上'] }), { categoryId: 3, words: ['楼上', '噪音', '装修'] }];
    const scored = scoreCategories(['楼上', '漏水'], categories, buildModel(history));
    expect(scored.map((s) => s.category.code)).toEqual(['leak', 'dispute']);
    expect(scored.every((s) => s.score >= 0.05)).toBe(true);
  });
});

describe('GET /requests/{id}/suggestions', () => {
  it('suggests the category from the keywords', async () => {
    const r = await insertRequestRow(t.database.db, { orgNodeId: tree.gridA1.id, receivedAt: at('2026-03-10T08:00:00'), content: '小区门口的路灯不亮了好几天' });
    const { res, body } = await suggest('secA', r.id);
    expect(res.statusCode).toBe(200);
    // Both names, so a page in English shows the English one.
    expect(body!.categories[0]).toMatchObject({ code: 'light_out', name: '路灯不亮', nameEn: 'Light out', parentName: '路灯照明', parentNameEn: 'Street lights' });
    expect(body!.categories[0]!.matchedKeywords).toEqual(expect.arrayContaining(['不亮', '路灯']));
    expect(body!.categories.reduce((s, c) => s + c.score, 0)).toBeCloseTo(1, 2);
    expect(body!.basis).toMatchObject({
      duplicateCategory: { id: cat.light_out, name: '路灯不亮', nameEn: 'Light out', suggested: true },
      location: 'none',
      historySize: 0,
    });
  });

  it('learns from what the community’s dispatchers decided before', async () => {
    const db = t.database.db;
    const text = '楼上漏水，把我家天花板泡了';
    // Without history the keyword 漏水 ties 暖气漏水 and 邻里矛盾; 供暖 comes first in the category order.
    const inB = await insertRequestRow(db, { orgNodeId: tree.gridB1.id, receivedAt: at('2026-03-10T08:00:00'), content: text });
    expect((await suggest('staffB', inB.id)).body!.categories.slice(0, 2).map((c) => c.code)).toEqual(['heating_leak', 'neighbour_conflict']);
    // Community A filed such complaints as neighbour disputes.
    await insertRequestRows(
      db,
      Array.from({ length: 6 }, (_, i) => ({
        orgNodeId: i % 2 ? tree.gridA1.id : tree.gridA2.id,
        receivedAt: at(`2026-02-0${i + 1}T10:00:00`),
        content: '楼上漏水泡了我家天花板，协商不成',
        categoryId: cat.neighbour_conflict,
        status: 'closed' as const,
        closeReason: 'followed_up' as const,
      })),
    );
    const inA = await insertRequestRow(db, { orgNodeId: tree.gridA2.id, receivedAt: at('2026-03-10T08:00:00'), content: text });
    const learned = (await suggest('secA', inA.id)).body!;
    expect(learned.categories[0]).toMatchObject({ code: 'neighbour_conflict', similarPast: 6 });
    expect(learned.categories[1]!.code).toBe('heating_leak');
    expect(learned.basis.historySize).toBe(6);
    // Community B's suggestion is unchanged: each community learns from its own requests.
    expect((await suggest('staffB', inB.id)).body!.categories[0]!.code).toBe('heating_leak');
  });

  it('lists possible duplicates: same category, within 100 m, from 7 days before, similar text, in reach', async () => {
    const db = t.database.db;
    const near = (metresNorth: number) => ({ lng: P.lng, lat: P.lat + metresNorth * M });
    const base = { categoryId: cat.light_out, orgNodeId: tree.gridA1.id };
    const subject = await insertRequestRow(db, { ...base, ...P, receivedAt: at('2026-03-10T08:00:00'), content: '小区门口的路灯不亮了好几天' });
    const dup = await insertRequestRow(db, { ...base, ...near(40), receivedAt: at('2026-03-08T20:00:00'), content: '小区门口路灯不亮，晚上很黑' });
    await insertRequestRow(db, { ...base, ...near(40), receivedAt: at('2026-03-02T20:00:00'), content: '小区门口路灯不亮' });
    await insertRequestRow(db, { ...base, ...near(150), receivedAt: at('2026-03-09T20:00:00'), content: '小区门口路灯不亮' });
    await insertRequestRow(db, { ...base, ...near(10), categoryId: cat.light_pole, receivedAt: at('2026-03-09T20:00:00'), content: '小区门口路灯不亮' });
    await insertRequestRow(db, { ...base, ...near(30), receivedAt: at('2026-03-09T20:00:00'), content: '灯杆上贴满小广告' });
    await insertRequestRow(db, { ...base, ...near(10), receivedAt: at('2026-03-09T20:00:00'), content: '小区门口路灯不亮', status: 'rejected' });
    const other = await insertRequestRow(db, { ...base, ...near(-20), orgNodeId: tree.gridB1.id, receivedAt: at('2026-03-09T21:00:00'), content: '门口路灯不亮了' });

    const forA = (await suggest('secA', subject.id)).body!;
    expect(forA.basis).toMatchObject({ location: 'point', duplicateCategory: { id: cat.light_out, nameEn: 'Light out', suggested: false } });
    expect(forA.duplicates.map((d) => d.number)).toEqual([dup.number]);
    expect(forA.duplicates[0]!.distanceMeters).toBe(40);
    expect(forA.duplicates[0]!.similarity).toBeGreaterThanOrEqual(0.2);
    // The town sees both communities, so the 草原 request 20 m south shows up for it — never for 保利's staff.
    const forTown = (await suggest('town', subject.id)).body!;
    expect(forTown.duplicates.map((d) => d.number).sort()).toEqual([dup.number, other.number].sort());
  });

  it('is for dispatchers of the request’s node', async () => {
    const r = await insertRequestRow(t.database.db, { orgNodeId: tree.gridA1.id, receivedAt: at('2026-03-10T08:00:00'), content: '路灯不亮' });
    const worker = await suggest('gridA', r.id);
    expect(worker.res.statusCode).toBe(403);
    expect(errorCode(worker.res)).toBe('forbidden');
    expect((await suggest('staffB', r.id)).res.statusCode).toBe(404);
    expect((await suggest('secA', 99_999_999)).res.statusCode).toBe(404);
  });
});
