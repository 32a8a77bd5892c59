import type { Polygon } from '../../db/schema/org.js';

export interface Bbox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** Bounding box of every ring of a polygon; the four columns are all null without a polygon. */
export function polygonBbox(polygon: Polygon | null | undefined): Bbox | { minLng: null; minLat: null; maxLng: null; maxLat: null } {
  if (!polygon) return { minLng: null, minLat: null, maxLng: null, maxLat: null };
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const ring of polygon.coordinates) {
    for (const [lng, lat] of ring) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLng, minLat, maxLng, maxLat };
}

/**
 * Even-odd ray casting over all rings, so holes (inner rings) are excluded. A point exactly on an edge shared
 * by two adjacent grids falls on one side consistently (half-open comparison on latitude).
 */
export function pointInPolygon(lng: number, lat: number, polygon: Polygon): boolean {
  let inside = false;
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Signed area in square degrees (shoelace); only its size matters here, to refuse degenerate rings. */
function ringArea(ring: [number, number][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
  }
  return sum / 2;
}

/** What is wrong with a polygon a client sent, in both languages; null when it is usable. */
export function polygonProblem(polygon: Polygon): { zh: string; en: string } | null {
  for (const [index, ring] of polygon.coordinates.entries()) {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (!first || !last || ring.length < 4) {
      return { zh: `第 ${index + 1} 个环至少需要 4 个坐标点`, en: `Ring ${index + 1} needs at least 4 positions` };
    }
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return { zh: `第 ${index + 1} 个环首尾坐标必须相同（闭合）`, en: `Ring ${index + 1} must be closed: its first and last positions must be equal` };
    }
    if (Math.abs(ringArea(ring)) < 1e-12) {
      return { zh: `第 ${index + 1} 个环面积为零`, en: `Ring ${index + 1} has no area` };
    }
  }
  return null;
}
