import type { DbOrTx } from '../../db/client.js';
import { pointInPolygon } from './org.geometry.js';
import { gridsWithBoxContaining } from './org.repo.js';
import { presentNode } from './org.service.js';

/**
 * The grid whose polygon contains the point [lng, lat], optionally only below `underPath` (e.g. the community
 * a request belongs to). SQL keeps the grids whose bounding box holds the point; the exact test runs here.
 * Where big grids contain small ones, the smallest (deepest) grid wins. Null when no grid contains the point.
 */
export async function locateGrid(db: DbOrTx, lng: number, lat: number, underPath?: string) {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) return null;
  const candidates = await gridsWithBoxContaining(db, lng, lat, underPath);
  const hits = candidates.filter((g) => g.polygon !== null && pointInPolygon(lng, lat, g.polygon));
  hits.sort((a, b) => b.depth - a.depth || a.id - b.id);
  return hits[0] ? presentNode(hits[0]) : null;
}
