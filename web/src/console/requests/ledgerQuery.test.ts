import { describe, expect, it } from 'vitest';
import { emptyLedgerForm, exportPercent, maxPage, toFilter } from './ledgerQuery';

describe('ledger filters', () => {
  it('sends only what was chosen, defaulting to the current node', () => {
    expect(toFilter(emptyLedgerForm(), 12)).toEqual({ sort: 'received', nodeId: 12 });
    const form = {
      ...emptyLedgerForm(),
      nodeId: 30,
      categoryId: 6,
      status: ['submitted', 'accepted'] as const,
      channel: ['hotline'] as const,
      range: ['2026-10-01', '2026-10-08'] as [string, string],
      overdue: 'yes' as const,
      escalated: 'no' as const,
      q: '  zhangsan ',
      sort: 'deadline' as const,
      order: 'asc' as const,
    };
    expect(toFilter({ ...form, status: [...form.status], channel: [...form.channel] }, 12)).toEqual({
      sort: 'deadline',
      order: 'asc',
      nodeId: 30,
      categoryId: 6,
      status: ['submitted', 'accepted'],
      channel: ['hotline'],
      from: '2026-10-01',
      to: '2026-10-08',
      overdue: true,
      escalated: false,
      q: 'zhangsan',
    });
  });

  it('pages only as far as the server serves by offset', () => {
    expect(maxPage(0, 20)).toBe(1);
    expect(maxPage(45, 20)).toBe(3);
    expect(maxPage(250_000, 50)).toBe(200);
  });

  it('shows export progress, never 100% before the file is ready', () => {
    expect(exportPercent(0, 0, 'running')).toBe(0);
    expect(exportPercent(500, 1000, 'running')).toBe(50);
    expect(exportPercent(1000, 1000, 'running')).toBe(99);
    expect(exportPercent(0, 0, 'done')).toBe(100);
  });
});

describe('ledger links from the home pages', () => {
  it('round-trips a home link through the address into the filter the count used', async () => {
    const { ledgerLocation, formFromQuery } = await import('./ledgerQuery');
    const link = { nodeId: 7, status: ['submitted', 'in_progress'] as ('submitted' | 'in_progress')[], overdue: false, dueOn: '2026-03-10', sort: 'deadline' as const };
    const location = ledgerLocation(link);
    expect(location.name).toBe('requests-ledger');
    const form = formFromQuery(location.query as Record<string, string | string[]>)!;
    expect(toFilter(form, 1)).toEqual({ nodeId: 7, status: ['submitted', 'in_progress'], overdue: false, dueOn: '2026-03-10', sort: 'deadline' });
    expect(formFromQuery({})).toBeNull();
  });
});
