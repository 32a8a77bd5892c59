import { describe, expect, it } from 'vitest';
import { panelAfterReload, staysInInbox } from './inboxSelection';

describe('inbox side panel after a reload', () => {
  const a = { id: 1 };
  const b = { id: 2 };

  it('keeps the request while it is still listed', () => {
    expect(panelAfterReload(a, new Set([1, 2]), [a, b], true)).toBe(a);
  });

  it('closes when the shown request has left the inbox (dispatched here or elsewhere)', () => {
    expect(panelAfterReload(a, new Set([1, 2]), [b], true)).toBeNull();
  });

  it('keeps a request entered by hand that is not on this page yet', () => {
    const created = { id: 9 };
    expect(panelAfterReload(created, new Set([1, 2]), [a, b], true)).toBe(created);
  });

  it('opens the first request on a manual load', () => {
    expect(panelAfterReload(null, new Set(), [b, a], false)).toBe(b);
  });

  it('a dispatched request no longer belongs in the inbox', () => {
    expect(staysInInbox('dispatched', ['submitted', 'accepted'])).toBe(false);
    expect(staysInInbox('accepted', ['submitted', 'accepted'])).toBe(true);
  });
});
