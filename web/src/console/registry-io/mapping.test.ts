import { describe, expect, it } from 'vitest';
import { importPercent, mappingProblem, withColumn } from './mapping';

describe('the import column mapping', () => {
  it('needs the name and refuses a column feeding two fields', () => {
    expect(mappingProblem({ gender: 1 })).toEqual({ key: 'nameRequired' });
    expect(mappingProblem({ name: 0, gender: 0 })).toEqual({ key: 'columnTwice', column: 1 });
    expect(mappingProblem({ name: 0, gender: 1 })).toBeNull();
  });

  it('sets and clears a field without touching the others', () => {
    const start = { name: 0, gender: 1 };
    expect(withColumn(start, 'mobile', 4)).toEqual({ name: 0, gender: 1, mobile: 4 });
    expect(withColumn(start, 'gender', null)).toEqual({ name: 0 });
    expect(start).toEqual({ name: 0, gender: 1 });
  });

  it('moves the bar through checking, then writing', () => {
    const base = { status: 'running', rowsChecked: 0, rowsDone: 0, rowsTotal: 0 };
    expect(importPercent({ ...base, phase: 'checking', rowsChecked: 100_000 })).toBeLessThan(50);
    expect(importPercent({ ...base, phase: 'writing', rowsDone: 500, rowsTotal: 1000 })).toBe(75);
    expect(importPercent({ ...base, status: 'done', phase: 'finished' })).toBe(100);
  });
});
