import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.js';
import { createOrgTree } from '../../test/factories.js';
import type { Database } from '../db/client.js';
import { calendarOverrides } from '../db/schema/platform.js';
import { loadNodeOverrides, loadWorkCalendar, toShanghaiIso } from './calendar.js';

let database: Database;
let tree: Awaited<ReturnType<typeof createOrgTree>>;

beforeAll(async () => {
  database = await openTestDatabase();
  tree = await createOrgTree(database.db, 'Cal');
  await database.db.insert(calendarOverrides).values([
    { orgNodeId: tree.communityA.id, day: '2026-03-04', kind: 'rest', note: '社区换届选举' },
    { orgNodeId: tree.gridA2.id, day: '2026-03-04', kind: 'work', note: '网格集中走访' },
    { orgNodeId: tree.county.id, day: '2026-03-08', kind: 'work', note: null },
  ]);
});
afterAll(() => database.close());

describe('loadWorkCalendar', () => {
  it('a local rest day at a community reaches its grids and buildings, not a sibling community', async () => {
    for (const node of [tree.communityA, tree.gridA1, tree.unitA1]) {
      const calendar = await loadWorkCalendar(database.db, node.id);
      expect(calendar.dayInfo('2026-03-04')).toMatchObject({ workday: false, reason: 'local_rest', note: '社区换届选举', overrideNodeId: tree.communityA.id });
    }
    for (const node of [tree.communityB, tree.gridB1, tree.town]) {
      const calendar = await loadWorkCalendar(database.db, node.id);
      expect(calendar.dayInfo('2026-03-04')).toEqual({ date: '2026-03-04', workday: true, reason: 'weekday' });
    }
  });

  it('the nearest override wins: a grid works on the day its community rests', async () => {
    const calendar = await loadWorkCalendar(database.db, tree.gridA2.id);
    expect(calendar.dayInfo('2026-03-04')).toMatchObject({ workday: true, reason: 'local_work', overrideNodeId: tree.gridA2.id });
  });

  it('a local workday on a Sunday set at the county opens it for every community below', async () => {
    const calendar = await loadWorkCalendar(database.db, tree.gridB1.id);
    expect(calendar.isWorkday('2026-03-08')).toBe(true);
    expect(toShanghaiIso(calendar.addWorkingTime(new Date('2026-03-07T10:00:00+08:00'), 30))).toBe('2026-03-08T09:30:00+08:00');
    const above = await loadWorkCalendar(database.db, tree.city.id);
    expect(above.isWorkday('2026-03-08')).toBe(false);
  });

  it('lists the overrides of the node and its ancestors with their nodes, deepest first within a day', async () => {
    const rows = await loadNodeOverrides(database.db, tree.gridA2.id);
    expect(rows.map((r) => [r.day, r.orgNodeId, r.kind])).toEqual([
      ['2026-03-04', tree.gridA2.id, 'work'],
      ['2026-03-04', tree.communityA.id, 'rest'],
      ['2026-03-08', tree.county.id, 'work'],
    ]);
    expect(rows[1]).toMatchObject({ nodeName: tree.communityA.name, nodeKind: 'community', nodePath: tree.communityA.path, depth: 4 });
    const limited = await loadNodeOverrides(database.db, tree.gridA2.id, { from: '2026-03-05' });
    expect(limited.map((r) => r.day)).toEqual(['2026-03-08']);
    expect(await loadNodeOverrides(database.db, 999_999)).toEqual([]);
  });
});
