import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { POINT, requestWorld, type World } from '../../../../test/requests.js';
import { DEFAULT_CATEGORIES } from '../core/categories.data.js';
import { seedDefaultCategories } from '../core/categories.js';

/** Categories and time limits: defaults, what nodes add or override, and who may change them. */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await requestWorld(t, 'Cf');
});
afterAll(() => t.close());

const file = (content: string, extra: Record<string, unknown> = {}) =>
  w.api('residentA', 'POST', '/requests', { content, location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] }, ...extra });

describe('categories', () => {
  it('the default tree is seeded once, two levels, with Chinese and English names and keywords', async () => {
    expect(await seedDefaultCategories(t.database.db)).toEqual({ inserted: 0 });
    const tree = (await w.api('residentA', 'GET', '/requests/categories')).json();
    expect(tree.items.map((c: { code: string }) => c.code)).toEqual(DEFAULT_CATEGORIES.map((c) => c.code));
    const heating = tree.items.find((c: { code: string }) => c.code === 'heating');
    expect(heating).toMatchObject({ name: '供暖', nameEn: 'Heating', orgNodeId: null });
    expect(heating.children.map((c: { code: string }) => c.code)).toEqual(['heating_cold', 'heating_leak', 'heating_fee']);
    for (const code of [
      'roads',
      'street_lights',
      'drainage',
      'property',
      'sanitation',
      'disputes',
      'elderly',
      'social_security',
      'business',
    ]) {
      expect(tree.items.map((c: { code: string }) => c.code)).toContain(code);
    }
    expect(tree.actions).toEqual({ configure: false });
  });

  it('a community adds its own for its subtree; the code must be new; residents cannot', async () => {
    const top = (await w.api('residentA', 'GET', '/requests/categories'))
      .json()
      .items.find((c: { code: string }) => c.code === 'public_services');
    const created = await w.api('secA', 'POST', '/requests/categories', {
      nodeId: w.tree.communityA.id,
      parentId: top.id,
      code: 'Book_Store',
      name: '樊登书店',
      nameEn: 'Community bookshop',
      keywords: ['书店', ' 借书 ', '书店'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'book_store', orgNodeId: w.tree.communityA.id, keywords: ['书店', '借书'] });
    const inA = (await w.api('residentA', 'GET', '/requests/categories'))
      .json()
      .items.find((c: { code: string }) => c.code === 'public_services');
    expect(inA.children.map((c: { code: string }) => c.code)).toContain('book_store');
    const inB = (await w.api('residentB', 'GET', '/requests/categories'))
      .json()
      .items.find((c: { code: string }) => c.code === 'public_services');
    expect(inB.children.map((c: { code: string }) => c.code)).not.toContain('book_store');
    const taken = await w.api('secA', 'POST', '/requests/categories', {
      nodeId: w.tree.communityA.id,
      code: 'garbage',
      name: '垃圾',
      nameEn: 'Garbage',
    });
    expect(taken.statusCode).toBe(409);
    expect(errorCode(taken)).toBe('category_code_taken');
    const tooDeep = await w.api('secA', 'POST', '/requests/categories', {
      nodeId: w.tree.communityA.id,
      parentId: created.json().id,
      code: 'deeper',
      name: '三级',
      nameEn: 'Third',
    });
    expect(errorCode(tooDeep)).toBe('category_too_deep');
    expect(
      (await w.api('residentA', 'POST', '/requests/categories', { nodeId: w.tree.gridA1.id, code: 'mine', name: '我的', nameEn: 'Mine' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await w.api('secA', 'POST', '/requests/categories', {
          nodeId: w.tree.communityB.id,
          code: 'theirs',
          name: '他们的',
          nameEn: 'Theirs',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('switched off, a category disappears from the form and is refused at intake; defaults need the root', async () => {
    const tree = (await w.api('secA', 'GET', '/requests/categories')).json();
    const store = tree.items
      .flatMap((c: { children: { id: number; code: string }[] }) => c.children)
      .find((c: { code: string }) => c.code === 'book_store');
    expect((await w.api('secA', 'PATCH', `/requests/categories/${store.id}`, { active: false })).json()).toMatchObject({ active: false });
    expect((await file('想借书', { categoryId: store.id })).json().error.code).toBe('category_unknown');
    const withOff = (await w.api('secA', 'GET', `/requests/categories?nodeId=${w.tree.communityA.id}&includeInactive=true`)).json();
    expect(JSON.stringify(withOff)).toContain('book_store');
    const garbage = tree.items
      .flatMap((c: { children: { id: number; code: string }[] }) => c.children)
      .find((c: { code: string }) => c.code === 'garbage');
    expect((await w.api('county', 'PATCH', `/requests/categories/${garbage.id}`, { name: '垃圾' })).statusCode).toBe(403);
  });
});

describe('time limits', () => {
  it('a community shortens ordinary requests to three working days; the most specific row wins', async () => {
    const put = await w.api('secA', 'PUT', '/requests/time-limits', {
      nodeId: w.tree.communityA.id,
      priority: 'ordinary',
      response: { amount: 240, unit: 'working_minutes' },
      resolution: { amount: 3, unit: 'working_days' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const filed = (await file('路面坑洼')).json();
    // Monday 09:00: four working hours → 14:30; three working days → Thursday's close.
    expect(filed).toMatchObject({ responseDueAt: '2026-03-02T06:30:00.000Z', resolutionDueAt: '2026-03-05T09:30:00.000Z' });
    const other = (
      await w.api('residentB', 'POST', '/requests', { content: '路面坑洼', location: { lng: POINT.gridB1[0], lat: POINT.gridB1[1] } })
    ).json();
    expect(other.resolutionDueAt).toBe('2026-03-09T09:30:00.000Z');

    const tree = (await w.api('residentA', 'GET', '/requests/categories')).json();
    const heating = tree.items.find((c: { code: string }) => c.code === 'heating');
    await w.api('county', 'PUT', '/requests/time-limits', {
      nodeId: w.tree.county.id,
      categoryId: heating.id,
      priority: 'ordinary',
      response: { amount: 60, unit: 'calendar_minutes' },
      resolution: { amount: 24 * 60, unit: 'calendar_minutes' },
    });
    await w.api('secA', 'PUT', '/requests/time-limits', {
      nodeId: w.tree.communityA.id,
      categoryId: heating.children[0].id,
      priority: 'ordinary',
      response: { amount: 1, unit: 'working_days' },
      resolution: { amount: 2, unit: 'working_days' },
    });
    // The deepest node decides first, then the most specific category: in community A its row for 暖气不热 and,
    // for 暖气漏水, its row for any category; in community B (no rows of its own) the county's row for 供暖.
    expect((await file('暖气不热', { categoryId: heating.children[0].id })).json().resolutionDueAt).toBe('2026-03-04T09:30:00.000Z');
    expect((await file('暖气漏水', { categoryId: heating.children[1].id })).json().resolutionDueAt).toBe('2026-03-05T09:30:00.000Z');
    const leakB = await w.api('residentB', 'POST', '/requests', {
      content: '暖气漏水',
      categoryId: heating.children[1].id,
      location: { lng: POINT.gridB1[0], lat: POINT.gridB1[1] },
    });
    expect(leakB.json().resolutionDueAt).toBe('2026-03-03T01:00:00.000Z');

    const listed = (await w.api('staffA', 'GET', `/requests/time-limits?nodeId=${w.tree.gridA1.id}`)).json();
    expect(listed.effective.find((e: { priority: string }) => e.priority === 'ordinary')).toMatchObject({
      resolution: { amount: 3, unit: 'working_days' },
      onSite: { amount: 120, unit: 'working_minutes' },
    });
    expect(listed.items.every((i: { inherited: boolean }) => i.inherited)).toBe(true);
    expect(listed.actions).toEqual({ configure: false });

    const row = listed.items.find(
      (i: { categoryId: number | null; priority: string }) => i.categoryId === null && i.priority === 'ordinary',
    );
    expect((await w.api('staffA', 'DELETE', `/requests/time-limits/${row.id}`)).statusCode).toBe(403);
    expect((await w.api('secA', 'DELETE', `/requests/time-limits/${row.id}`)).statusCode).toBe(204);
    expect((await file('路面坑洼')).json().resolutionDueAt).toBe('2026-03-09T09:30:00.000Z');
  });

  it('refuses limits that make no sense, and changes by those without requests.configure', async () => {
    const base = { nodeId: w.tree.communityA.id, priority: 'complex' };
    const backwards = await w.api(
      'secA',
      'PUT',
      '/requests/time-limits',
      { ...base, response: { amount: 10, unit: 'working_days' }, resolution: { amount: 2, unit: 'working_days' } },
      'en',
    );
    expect(backwards.json().error).toMatchObject({
      code: 'time_limit_response_after_resolution',
      message: 'The response limit cannot be longer than the resolution limit',
    });
    const tooLong = await w.api('secA', 'PUT', '/requests/time-limits', {
      ...base,
      response: { amount: 1, unit: 'working_days' },
      resolution: { amount: 400, unit: 'working_days' },
    });
    expect(errorCode(tooLong)).toBe('time_limit_out_of_range');
    const badUnit = await w.api('secA', 'PUT', '/requests/time-limits', {
      ...base,
      response: { amount: 1, unit: 'fortnights' },
      resolution: { amount: 4, unit: 'working_days' },
    });
    expect(errorCode(badUnit)).toBe('validation_failed');
    expect(
      (
        await w.api('staffA', 'PUT', '/requests/time-limits', {
          ...base,
          response: { amount: 1, unit: 'working_days' },
          resolution: { amount: 4, unit: 'working_days' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await w.api('secA', 'PUT', '/requests/time-limits', {
          ...base,
          nodeId: w.tree.communityB.id,
          response: { amount: 1, unit: 'working_days' },
          resolution: { amount: 4, unit: 'working_days' },
        })
      ).statusCode,
    ).toBe(404);
  });
});
