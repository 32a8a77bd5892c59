import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createOrgTree } from '../../../test/factories.js';
import type { Polygon } from '../../db/schema/org.js';
import { pointInPolygon, polygonProblem } from './org.geometry.js';
import { locateGrid } from './org.locate.js';
import { insertOrgNode } from './org.repo.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, 'L');
  // Two adjacent ~300 m grids in community A; community B's grid lies east of them.
  ids.west = (await insertOrgNode(db, { parentId: tree.communityA.id, kind: 'grid', name: '西网格', polygon: rect(109.88, 40.65, 109.8836, 40.6527) })).id;
  ids.east = (await insertOrgNode(db, { parentId: tree.communityA.id, kind: 'grid', name: '东网格', polygon: rect(109.8836, 40.65, 109.8872, 40.6527) })).id;
  // A triangle: its bounding box holds points the polygon does not.
  ids.triangle = (
    await insertOrgNode(db, {
      parentId: tree.communityB.id,
      kind: 'grid',
      name: '三角网格',
      polygon: { type: 'Polygon', coordinates: [[[109.89, 40.65], [109.894, 40.65], [109.89, 40.654], [109.89, 40.65]]] },
    })
  ).id;
  // A small grid inside the west grid wins over it.
  ids.small = (await insertOrgNode(db, { parentId: ids.west, kind: 'grid', subkind: 'small', name: '西小网格', polygon: rect(109.8801, 40.6501, 109.8811, 40.6511) })).id;
});
afterAll(() => t.close());

describe('locateGrid', () => {
  it('finds the grid whose polygon contains the point', async () => {
    expect((await locateGrid(t.database.db, 109.882, 40.652))?.id).toBe(ids.west);
    expect((await locateGrid(t.database.db, 109.885, 40.651))?.id).toBe(ids.east);
    expect((await locateGrid(t.database.db, 109.8905, 40.6505))?.id).toBe(ids.triangle);
  });

  it('prefers the smallest grid when grids are nested', async () => {
    const hit = await locateGrid(t.database.db, 109.8805, 40.6505);
    expect(hit).toMatchObject({ id: ids.small, name: '西小网格', kind: 'grid' });
  });

  it('returns null inside a bounding box but outside the polygon, and far away', async () => {
    expect(await locateGrid(t.database.db, 109.8935, 40.6535)).toBeNull();
    expect(await locateGrid(t.database.db, 111.7, 40.8)).toBeNull();
    expect(await locateGrid(t.database.db, Number.NaN, 40.65)).toBeNull();
  });

  it('looks only below underPath when given', async () => {
    expect(await locateGrid(t.database.db, 109.8905, 40.6505, tree.communityA.path)).toBeNull();
    expect((await locateGrid(t.database.db, 109.8905, 40.6505, tree.communityB.path))?.id).toBe(ids.triangle);
  });
});

describe('polygon geometry', () => {
  it('excludes holes', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [rect(0, 0, 10, 10).coordinates[0]!, rect(4, 4, 6, 6).coordinates[0]!] };
    expect(pointInPolygon(2, 2, withHole)).toBe(true);
    expect(pointInPolygon(5, 5, withHole)).toBe(false);
  });

  it('explains what is wrong with a ring', () => {
    expect(polygonProblem(rect(0, 0, 1, 1))).toBeNull();
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })?.en).toContain('closed');
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })?.en).toContain('no area');
  });
});
