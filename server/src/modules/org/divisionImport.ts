import { performance } from 'node:perf_hooks';
import { recordAudit } from '../../platform/audit.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import {
  analyzeOrgNodes,
  codedNodes,
  insertOrgNodeRows,
  moveSubtree,
  renameOrgNodes,
  type CodedNode,
  type NodeRename,
  type OrgNodeInsertRow,
} from './org.bulk.repo.js';
import { allocateOrgNodeIds } from './org.repo.js';
import type { Db, Tx } from '../../db/client.js';
import { DIVISION_LEVELS, describeDivision, type DivisionRecord } from './divisionNames.js';
import { rebuildRollups } from '../requests/core/counters.js';
import { startProgress, type SeedOutput } from '../../platform/progress.js';

export interface DivisionImportResult {
  inserted: number;
  renamed: number;
  moved: number;
  unchanged: number;
  /** Nodes of each kind the records describe, e.g. { city: 12, county: 103 }. */
  counts: Record<string, number>;
  seconds: number;
}

/** 11 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit. */
const BATCH_ROWS = 1000;

const levelRank = new Map(DIVISION_LEVELS.map((l, i) => [l, i]));

/** Top level first, then by code: parents always come before their children. */
function ordered(records: DivisionRecord[]): DivisionRecord[] {
  const seen = new Set<string>();
  const unique: DivisionRecord[] = [];
  for (const r of records) {
    if (seen.has(r.code)) throw new Error(`division code ${r.code} appears twice`);
    seen.add(r.code);
    unique.push(r);
  }
  return unique.sort((a, b) => levelRank.get(a.level)! - levelRank.get(b.level)! || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

interface Plan {
  inserts: OrgNodeInsertRow[];
  renames: NodeRename[];
  moves: { id: number; oldPath: string; newParentId: number; newParentPath: string; depthDelta: number }[];
  unchanged: number;
  counts: Record<string, number>;
}

/** When a node is moved, the remembered paths of everything below it change too. */
function rebase(byCode: Map<string, CodedNode>, oldPath: string, newPath: string, depthDelta: number): void {
  for (const node of byCode.values()) {
    if (node.path === oldPath || node.path.startsWith(`${oldPath}.`)) {
      node.path = newPath + node.path.slice(oldPath.length);
      node.depth += depthDelta;
    }
  }
}

/**
 * Work out what to write: records whose code is new are inserted (ids handed out in order), known codes whose
 * name, subkind or parent changed are updated, the rest left alone. Paths are computed here, not in SQL.
 */
function plan(records: DivisionRecord[], existing: CodedNode[], ids: number[]): Plan {
  const byCode = new Map(existing.map((n) => [n.code, { ...n }]));
  const result: Plan = { inserts: [], renames: [], moves: [], unchanged: 0, counts: {} };
  let nextId = 0;
  for (const record of records) {
    const { kind, name, subkind } = describeDivision(record.level, record.name);
    result.counts[kind] = (result.counts[kind] ?? 0) + 1;
    const parent = record.parentCode === null ? null : byCode.get(record.parentCode);
    if (record.parentCode !== null && !parent) {
      throw new Error(`division ${record.code} ${record.name}: parent ${record.parentCode} is neither in the data nor in the tree`);
    }
    const known = byCode.get(record.code);
    if (!known) {
      const id = ids[nextId++]!;
      const keys = pinyinKeys(name);
      const path = parent ? `${parent.path}.${id}` : String(id);
      const depth = parent ? parent.depth + 1 : 0;
      result.inserts.push({ id, parentId: parent?.id ?? null, kind, subkind, code: record.code, name, namePinyin: keys.full, nameInitials: keys.initials, path, depth, sortOrder: 0 });
      byCode.set(record.code, { id, parentId: parent?.id ?? null, kind, subkind, code: record.code, name, path, depth });
      continue;
    }
    let changed = false;
    if (parent && known.parentId !== parent.id) {
      const newPath = `${parent.path}.${known.id}`;
      const depthDelta = parent.depth + 1 - known.depth;
      result.moves.push({ id: known.id, oldPath: known.path, newParentId: parent.id, newParentPath: parent.path, depthDelta });
      rebase(byCode, known.path, newPath, depthDelta);
      known.parentId = parent.id;
      changed = true;
    }
    if (known.name !== name || known.subkind !== subkind) {
      const keys = pinyinKeys(name);
      result.renames.push({ id: known.id, name, namePinyin: keys.full, nameInitials: keys.initials, subkind });
      changed = true;
    }
    if (!changed) result.unchanged++;
  }
  return result;
}

function countNew(records: DivisionRecord[], existing: CodedNode[]): number {
  const known = new Set(existing.map((n) => n.code));
  return records.filter((r) => !known.has(r.code)).length;
}

/**
 * Bring the tree in line with the division records, matched by official code, in one transaction: running it
 * twice changes nothing the second time. Nodes whose code has left the data stay where they are: accounts,
 * requests and grids may hang on them, and retiring a division is a decision for people, not for the import. Records are taken as input so the same code serves the full
 * Inner Mongolia data at seed time and a handful of records in tests.
 */
export async function importDivisions(db: Db, input: DivisionRecord[], out: SeedOutput, now: Date): Promise<DivisionImportResult> {
  const started = performance.now();
  const records = ordered(input);
  const result = await db.transaction(async (tx: Tx) => {
    const existing = await codedNodes(tx);
    const ids = await allocateOrgNodeIds(tx, countNew(records, existing));
    const work = plan(records, existing, ids);
    const progress = startProgress(out, 'Division import 区划导入', work.inserts.length + work.renames.length + work.moves.length);
    for (const move of work.moves) {
      await moveSubtree(tx, move, now);
      progress.advance(1);
    }
    for (let i = 0; i < work.renames.length; i += BATCH_ROWS) {
      const batch = work.renames.slice(i, i + BATCH_ROWS);
      await renameOrgNodes(tx, batch, now);
      progress.advance(batch.length);
    }
    for (let i = 0; i < work.inserts.length; i += BATCH_ROWS) {
      const batch = work.inserts.slice(i, i + BATCH_ROWS);
      await insertOrgNodeRows(tx, batch);
      progress.advance(batch.length);
    }
    const summary = { inserted: work.inserts.length, renamed: work.renames.length, moved: work.moves.length, unchanged: work.unchanged };
    // A community that moved to another town takes its requests' counts with it.
    if (summary.moved > 0) await rebuildRollups(tx);
    if (summary.inserted + summary.renamed + summary.moved > 0) {
      const root = work.inserts.find((r) => r.depth === 0)?.id ?? existing.find((n) => n.parentId === null)?.id ?? null;
      await recordAudit(tx, { userId: null, ip: null, userAgent: null }, now, {
        action: 'org.import_divisions',
        objectType: 'org_node',
        objectId: root,
        orgNodeId: root,
        details: { ...summary, counts: work.counts },
      });
    }
    progress.finish(`${summary.inserted} new, ${summary.renamed} renamed, ${summary.moved} moved, ${summary.unchanged} unchanged`);
    return { ...summary, counts: work.counts };
  });
  if (result.inserted > 0) await analyzeOrgNodes(db);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
