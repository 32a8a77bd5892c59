import { assertVisible, isVisible, type Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { locateGrid } from '../org/org.locate.js';
import { findNode, nodesByIds } from '../org/org.repo.js';
import * as repo from './map.repo.js';
import type { LayersQuery, LayersReply, LocateQuery, MapConfigReply } from './map.schema.js';

/** One answer carries at most this many outlines: a community has tens, a town hundreds; a county is cut. */
export const MAX_OUTLINES = 2000;

export function mapConfig(ctx: AppContext): MapConfigReply {
  const { tiles, layers, attribution, coords, maxZoom } = ctx.config.map;
  return { tiles, layers, attribution, coords, maxZoom };
}

/** The grid and building outlines below a node the caller can see (404 otherwise), as GeoJSON. */
export async function layers(ctx: AppContext, principal: Principal, query: LayersQuery): Promise<LayersReply> {
  const node = await findNode(ctx.db, query.nodeId);
  if (!node) throw errors.notFound();
  assertVisible(principal, node.path);
  const rows = await repo.outlinesUnder(ctx.db, node.path, MAX_OUTLINES);
  const kept = rows.slice(0, MAX_OUTLINES);
  let bbox: [number, number, number, number] | null = null;
  for (const r of kept) {
    if (r.minLng === null || r.minLat === null || r.maxLng === null || r.maxLat === null) continue;
    bbox = bbox
      ? [Math.min(bbox[0], r.minLng), Math.min(bbox[1], r.minLat), Math.max(bbox[2], r.maxLng), Math.max(bbox[3], r.maxLat)]
      : [r.minLng, r.minLat, r.maxLng, r.maxLat];
  }
  return {
    type: 'FeatureCollection',
    features: kept.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Polygon' as const, coordinates: r.polygon!.coordinates },
      properties: { id: r.id, kind: r.kind as 'grid' | 'building', name: r.name, parentId: r.parentId, depth: r.depth },
    })),
    bbox,
    truncated: rows.length > MAX_OUTLINES,
  };
}

/**
 * The grid holding a point, as the request intake will find it (org.locate), and its community — named only when
 * the caller can see it; a point in someone else's area says so without naming the place.
 */
export async function locate(ctx: AppContext, principal: Principal, query: LocateQuery) {
  const grid = await locateGrid(ctx.db, query.lng, query.lat);
  if (!grid) return { grid: null, community: null, outside: false };
  if (!isVisible(principal, grid.path)) return { grid: null, community: null, outside: true };
  const ancestors = await nodesByIds(ctx.db, grid.path.split('.').map(Number));
  const community = ancestors.find((a) => a.kind === 'community') ?? null;
  return { grid: { id: grid.id, name: grid.name }, community: community && { id: community.id, name: community.name }, outside: false };
}
