import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { POINT, rect, requestInState, requestWorld, type World } from '../../../test/requests.js';
import { ConfigError, loadConfig } from '../../config.js';
import { insertOrgNode } from '../org/org.repo.js';
import { outlinesUnder } from './map.repo.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'M');
  // A building with a footprint in grid A1, one without (not drawn).
  await insertOrgNode(t.database.db, { parentId: w.tree.gridA1.id, kind: 'building', name: '2号楼', polygon: rect(109.8805, 40.6505, 109.8808, 40.6508) });
  const received = new Date(t.clock.now().getTime() - 3_600_000);
  const old = new Date(t.clock.now().getTime() - 30 * 86_400_000);
  const point = (p: readonly [number, number]) => ({ lng: p[0], lat: p[1] });
  await requestInState(t.database.db, 'dispatched', { orgNodeId: w.tree.gridA1.id, receivedAt: received, title: 'A1 路灯', ...point(POINT.gridA1) });
  // Open 30 days: past its 7-day deadline.
  await requestInState(t.database.db, 'in_progress', { orgNodeId: w.tree.gridA2.id, receivedAt: old, title: 'A2 井盖', ...point(POINT.gridA2) });
  await requestInState(t.database.db, 'accepted', { orgNodeId: w.tree.gridA2.id, receivedAt: received, title: 'A2 无坐标' });
  await requestInState(t.database.db, 'dispatched', { orgNodeId: w.tree.gridB1.id, receivedAt: received, title: 'B1 噪音', ...point(POINT.gridB1) });
});
afterAll(() => t.close());

type Layers = { features: { id: number; properties: { kind: string; name: string } }[]; bbox: number[] | null; truncated: boolean };
type Points = { items: { title: string; status: string; overdue: boolean; lng: number; lat: number }[]; truncated: boolean; withoutPoint: number };

describe('GET /map/layers', () => {
  it('answers the outlines of grids and buildings below a visible node as GeoJSON, grids first', async () => {
    const res = await w.api('staffA', 'GET', `/map/layers?nodeId=${w.tree.communityA.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Layers & { type: string };
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.map((f) => [f.properties.kind, f.properties.name])).toEqual([
      ['grid', 'M第一网格'],
      ['grid', 'M第二网格'],
      ['building', '2号楼'],
    ]);
    expect(body.bbox).toEqual([109.88, 40.65, 109.8872, 40.6527]);
    expect(body.truncated).toBe(false);
  });

  it('is empty (no bbox) where nothing has an outline', async () => {
    const body = (await w.api('leader', 'GET', `/map/layers?nodeId=${w.tree.buildingA1.id}`)).json() as Layers;
    expect(body).toMatchObject({ features: [], bbox: null, truncated: false });
  });

  it('is 404 outside the caller’s subtree and for a node that does not exist; 401 without a session', async () => {
    expect((await w.api('staffA', 'GET', `/map/layers?nodeId=${w.tree.communityB.id}`)).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', `/map/layers?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', `/map/layers?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(200);
    expect((await w.api('county', 'GET', '/map/layers?nodeId=2000000000')).statusCode).toBe(404);
    expect((await w.api(null, 'GET', `/map/layers?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(401);
    expect(errorCode(await w.api('staffA', 'GET', '/map/layers'))).toBe('validation_failed');
  });

  it('reads one row past the limit so a cut answer says so', async () => {
    const rows = await outlinesUnder(t.database.db, w.tree.town.path, 1);
    expect(rows).toHaveLength(2);
  });
});

describe('GET /map/locate', () => {
  it('names the grid and community holding a point in the caller’s area', async () => {
    const res = await w.api('residentA', 'GET', `/map/locate?lng=${POINT.gridA1[0]}&lat=${POINT.gridA1[1]}`);
    expect(res.json()).toEqual({ grid: { id: w.tree.gridA1.id, name: 'M第一网格' }, community: { id: w.tree.communityA.id, name: 'M保利社区' }, outside: false });
  });

  it('says a point lies outside the caller’s area without naming the place, and nothing far away', async () => {
    expect((await w.api('residentA', 'GET', `/map/locate?lng=${POINT.gridB1[0]}&lat=${POINT.gridB1[1]}`)).json()).toEqual({ grid: null, community: null, outside: true });
    expect((await w.api('residentA', 'GET', '/map/locate?lng=111.7&lat=40.8')).json()).toEqual({ grid: null, community: null, outside: false });
    expect((await w.api('residentA', 'GET', '/map/locate?lng=200&lat=40.8')).statusCode).toBe(400);
  });
});

describe('GET /requests/points', () => {
  it('answers the points of the requests the ledger would list, with status and overdue flag', async () => {
    const res = await w.api('staffA', 'GET', '/requests/points');
    expect(res.statusCode).toBe(200);
    const body = res.json() as Points;
    expect(body.items.map((p) => [p.title, p.status, p.overdue])).toEqual([
      ['A1 路灯', 'dispatched', false],
      ['A2 井盖', 'in_progress', true],
    ]);
    expect(body.items[0]).toMatchObject({ lng: POINT.gridA1[0], lat: POINT.gridA1[1] });
    expect(body).toMatchObject({ truncated: false, withoutPoint: 1 });
  });

  it('takes the ledger’s filters and a limit', async () => {
    const grid = (await w.api('staffA', 'GET', `/requests/points?nodeId=${w.tree.gridA2.id}&overdue=true`)).json() as Points;
    expect(grid.items.map((p) => p.title)).toEqual(['A2 井盖']);
    const one = (await w.api('town', 'GET', '/requests/points?limit=1')).json() as Points;
    expect(one.items).toHaveLength(1);
    expect(one.truncated).toBe(true);
    const town = (await w.api('town', 'GET', '/requests/points?status=dispatched')).json() as Points;
    expect(town.items.map((p) => p.title).sort()).toEqual(['A1 路灯', 'B1 噪音']);
  });

  it('is scoped like the ledger: a grid worker sees their grid; 404 outside, 403 without requests.read', async () => {
    expect(((await w.api('gridA1', 'GET', '/requests/points')).json() as Points).items.map((p) => p.title)).toEqual(['A1 路灯']);
    expect((await w.api('staffA', 'GET', `/requests/points?nodeId=${w.tree.communityB.id}`)).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', '/requests/points')).statusCode).toBe(403);
    expect((await w.api(null, 'GET', '/requests/points')).statusCode).toBe(401);
    expect((await w.api('staffA', 'GET', '/requests/points?limit=5000')).statusCode).toBe(400);
  });
});

describe('map configuration', () => {
  const env = (extra: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...extra }).map;

  it('has no tiles by default (intranets): our own layers on a plain background', () => {
    expect(env({})).toMatchObject({ tiles: 'none', layers: [], coords: 'wgs84', imageOrigins: [] });
  });

  it('builds 天地图 vector and label layers from the key, allowing its eight hosts', () => {
    const map = env({ MAP_TILES: 'tianditu', TIANDITU_KEY: 'abcdef0123456789abcdef0123456789' });
    expect(map.layers.map((l) => l.url.split('/')[3])).toEqual(['vec_w', 'cva_w']);
    expect(map.layers[0]!.url).toContain('tk=abcdef0123456789abcdef0123456789');
    expect(map.imageOrigins).toEqual(['0', '1', '2', '3', '4', '5', '6', '7'].map((s) => `https://t${s}.tianditu.gov.cn`));
    expect(() => env({ MAP_TILES: 'tianditu' })).toThrow(ConfigError);
  });

  it('takes a custom template with its coordinate system, and refuses a bad one', () => {
    const map = env({ MAP_TILES: 'custom', MAP_TILE_URL: 'https://{s}.tiles.example.cn/{z}/{x}/{y}.png', MAP_TILE_SUBDOMAINS: 'a,b', MAP_TILE_COORDS: 'gcj02' });
    expect(map).toMatchObject({ coords: 'gcj02', imageOrigins: ['https://a.tiles.example.cn', 'https://b.tiles.example.cn'] });
    expect(() => env({ MAP_TILES: 'custom', MAP_TILE_URL: 'https://tiles.example.cn/tile.png' })).toThrow(ConfigError);
    expect(() => env({ MAP_TILES: 'custom', MAP_TILE_URL: 'javascript:{z}{x}{y}' })).toThrow(ConfigError);
    expect(() => env({ MAP_TILES: 'custom', MAP_TILE_URL: 'https://t.example.cn/{z}/{x}/{y}', MAP_TILE_COORDS: 'bd09' })).toThrow(ConfigError);
  });

  it('sends the tiles to signed-in pages and lets the CSP load images from the tile hosts only', async () => {
    const plain = await w.api('residentA', 'GET', '/map/config');
    expect(plain.json()).toEqual({ tiles: 'none', layers: [], attribution: '', coords: 'wgs84', maxZoom: 18 });
    expect(plain.headers['content-security-policy']).toContain("img-src 'self' data: blob:;");
    const tiled = await createTestApp({ MAP_TILES: 'custom', MAP_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© 示例' });
    try {
      const res = await tiled.app.inject({ method: 'GET', url: '/api/v1/map/config' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-security-policy']).toContain("img-src 'self' data: blob: https://tiles.example.cn;");
    } finally {
      await tiled.close();
    }
  });
});
