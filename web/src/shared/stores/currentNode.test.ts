import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, OrgNode } from '../api/endpoints';
import { errorReply, installFakeApi, orgNode } from '../testing/fakeApi';
import { useAuthStore } from './auth';
import { isWithinScopes, useCurrentNodeStore } from './currentNode';

const region = orgNode(1, '1', { kind: 'region', name: '内蒙古自治区' });
const county = orgNode(3, '1.2.3', { kind: 'county', name: '青山区' });
const baoli = orgNode(30, '1.2.3.10.30', { name: '保利社区' });
const caoyuan = orgNode(31, '1.2.3.10.31', { name: '草原社区' });
const grid = orgNode(300, '1.2.3.10.30.300', { kind: 'grid', name: '第一网格' });
const other = orgNode(40, '1.2.4.40', { name: '别区社区' });
const nodes = new Map<number, { node: OrgNode; ancestors: OrgNode[] }>([
  [30, { node: baoli, ancestors: [region, county] }],
  [31, { node: caoyuan, ancestors: [region, county] }],
  [300, { node: grid, ancestors: [region, county, baoli] }],
  [3, { node: county, ancestors: [region] }],
]);

function signIn(userId: number, scopes: OrgNode[]): void {
  const me: Me = {
    user: { id: userId, username: 'u', displayName: 'U', mobile: null, homeNodeId: scopes[0]?.id ?? 1 },
    homeNode: scopes[0] ?? null,
    roles: [],
    scopes,
    permissions: [],
  };
  useAuthStore().me = me;
}

beforeEach(() => {
  setActivePinia(createPinia());
  localStorage.clear();
  const { fetchMock } = installFakeApi({});
  fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
    const id = Number(/org-nodes\/(\d+)/.exec(String(input))?.[1]);
    const found = nodes.get(id);
    const reply = found ? { status: 200, body: found } : (errorReply(404, 'not_found', 'Not found') as { status: number; body: unknown });
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('isWithinScopes', () => {
  it('accepts the scope itself and nodes below it, not siblings with a common id prefix', () => {
    expect(isWithinScopes(baoli, [baoli])).toBe(true);
    expect(isWithinScopes(grid, [baoli])).toBe(true);
    expect(isWithinScopes(caoyuan, [baoli])).toBe(false);
    expect(isWithinScopes(orgNode(3001, '1.2.3.10.3001'), [baoli])).toBe(false);
    expect(isWithinScopes(orgNode(301, '1.2.3.10.301'), [orgNode(30, '1.2.3.10.30')])).toBe(false);
  });
});

describe('current node store', () => {
  it('starts at the first scope and keeps the ancestors for the breadcrumb', async () => {
    signIn(7, [baoli]);
    const store = useCurrentNodeStore();
    await store.init();
    expect(store.node?.name).toBe('保利社区');
    expect(store.trail.map((s) => [s.node.name, s.selectable])).toEqual([
      ['内蒙古自治区', false],
      ['青山区', false],
    ]);
  });

  it('remembers the choice per user and restores it on the next visit', async () => {
    signIn(7, [county]);
    const first = useCurrentNodeStore();
    await first.init();
    expect(first.node?.id).toBe(3);
    await first.select(31);
    expect(localStorage.getItem('lianxin.currentNode.7')).toBe('31');

    setActivePinia(createPinia());
    signIn(7, [county]);
    const second = useCurrentNodeStore();
    await second.init();
    expect(second.node?.name).toBe('草原社区');

    setActivePinia(createPinia());
    signIn(8, [county]);
    const otherUser = useCurrentNodeStore();
    await otherUser.init();
    expect(otherUser.node?.name).toBe('青山区');
  });

  it('falls back to the first scope when the remembered node is no longer visible', async () => {
    localStorage.setItem('lianxin.currentNode.7', '40');
    signIn(7, [baoli]);
    const store = useCurrentNodeStore();
    await store.init();
    expect(store.node?.id).toBe(30);
  });

  it('refuses a node outside the scopes even if the server returned it', async () => {
    nodes.set(40, { node: other, ancestors: [region] });
    signIn(7, [baoli]);
    const store = useCurrentNodeStore();
    await store.init();
    await expect(store.select(40)).rejects.toMatchObject({ status: 404 });
    expect(store.node?.id).toBe(30);
    nodes.delete(40);
  });

  it('has no node for an account without scopes (a resident)', async () => {
    signIn(9, []);
    const store = useCurrentNodeStore();
    await expect(store.init()).resolves.toBeNull();
    expect(store.node).toBeNull();
  });
});
