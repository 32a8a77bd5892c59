import type { ImportField, ImportMapping } from '@/shared/api/registryIoApi';

/** What is wrong with a mapping before it is sent: the name must come from a column, and no column feeds two fields. */
export function mappingProblem(mapping: ImportMapping): { key: 'nameRequired' } | { key: 'columnTwice'; column: number } | null {
  if (mapping.name === undefined) return { key: 'nameRequired' };
  const seen = new Set<number>();
  for (const index of Object.values(mapping)) {
    if (index === undefined) continue;
    if (seen.has(index)) return { key: 'columnTwice', column: index + 1 };
    seen.add(index);
  }
  return null;
}

/** The mapping with a field set to a column (or cleared with null), as a new object. */
export function withColumn(mapping: ImportMapping, field: ImportField, column: number | null): ImportMapping {
  const next = { ...mapping };
  if (column === null) delete next[field];
  else next[field] = column;
  return next;
}

/** Percent for the progress bar: checking is the first half, writing the second. */
export function importPercent(task: { status: string; phase: string; rowsChecked: number; rowsDone: number; rowsTotal: number }): number {
  if (task.status !== 'running') return 100;
  if (task.phase === 'checking') return Math.min(49, Math.floor(Math.log10(1 + task.rowsChecked) * 8));
  if (task.rowsTotal === 0) return 50;
  return 50 + Math.min(49, Math.floor((task.rowsDone / task.rowsTotal) * 50));
}
