import type { DbOrTx } from '../../../db/client.js';
import type { RequestStatus } from '../../../db/schema/requests.js';
import { nearbyRequests } from './repo.js';
import { boundingBox, haversineMeters, jaccard, wordsOf } from './text.js';

/**
 * Possible duplicates of a request: the same category, received in the 7 days before it (or since), within 100 m
 * of its point — a bounding box in SQL, then the exact haversine distance here — or, without a point, in the same
 * building; and saying much the same thing: the Jaccard similarity of the two texts' jieba words at least
 * MIN_SIMILARITY. Only requests the caller may read are considered.
 */
export const DUPLICATE_RADIUS_M = 100;
export const DUPLICATE_WINDOW_MS = 7 * 86_400_000;
export const MIN_SIMILARITY = 0.2;
/** Candidates read from the database before the exact tests (a busy corner may have many). */
const CANDIDATE_LIMIT = 200;
const RESULT_LIMIT = 10;

export interface DuplicateSubject {
  id: number;
  categoryId: number;
  receivedAt: Date;
  lng: number | null;
  lat: number | null;
  buildingNodeId: number | null;
  words: string[];
}

export interface DuplicateCandidate {
  id: number;
  number: string;
  title: string;
  status: RequestStatus;
  receivedAt: Date;
  distanceMeters: number | null;
  similarity: number;
}

export type DuplicateBasis = 'point' | 'building' | 'none';

export function duplicateBasis(s: Pick<DuplicateSubject, 'lng' | 'lat' | 'buildingNodeId'>): DuplicateBasis {
  if (s.lng !== null && s.lat !== null) return 'point';
  return s.buildingNodeId !== null ? 'building' : 'none';
}

export async function findDuplicates(
  db: DbOrTx,
  subject: DuplicateSubject,
  scopePaths: string[],
  singleCharKeywords: ReadonlySet<string>,
): Promise<DuplicateCandidate[]> {
  const basis = duplicateBasis(subject);
  if (basis === 'none' || subject.words.length === 0) return [];
  const point = basis === 'point' ? { lng: subject.lng!, lat: subject.lat! } : null;
  const rows = await nearbyRequests(db, {
    excludeId: subject.id,
    categoryId: subject.categoryId,
    since: new Date(subject.receivedAt.getTime() - DUPLICATE_WINDOW_MS),
    scopePaths,
    box: point ? boundingBox(point.lng, point.lat, DUPLICATE_RADIUS_M) : undefined,
    buildingNodeId: point ? undefined : subject.buildingNodeId!,
    limit: CANDIDATE_LIMIT,
  });
  const mine = new Set(subject.words);
  const found: DuplicateCandidate[] = [];
  for (const row of rows) {
    const distance = point && row.lng !== null && row.lat !== null ? haversineMeters(point.lng, point.lat, row.lng, row.lat) : null;
    if (point && (distance === null || distance > DUPLICATE_RADIUS_M)) continue;
    const similarity = jaccard(mine, new Set(wordsOf(`${row.title}\n${row.content}`, singleCharKeywords)));
    if (similarity < MIN_SIMILARITY) continue;
    found.push({
      id: Number(row.id),
      number: row.number,
      title: row.title,
      status: row.status,
      receivedAt: row.receivedAt,
      distanceMeters: distance === null ? null : Math.round(distance),
      similarity: Math.round(similarity * 1000) / 1000,
    });
  }
  return found.sort((a, b) => b.similarity - a.similarity || (a.distanceMeters ?? 0) - (b.distanceMeters ?? 0) || a.id - b.id).slice(0, RESULT_LIMIT);
}
