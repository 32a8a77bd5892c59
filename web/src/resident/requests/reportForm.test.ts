import { describe, expect, it } from 'vitest';
import type { Me } from '@/shared/api';
import { emptyReport, selfResolveBody, submitBody, validateReport } from './reportForm';
import { workerAbilities } from './worker';

describe('report form', () => {
  it('asks for a description, and for photo and note evidence on a self-resolve', () => {
    const form = emptyReport();
    expect(validateReport(form, 'resident')).toEqual({ content: 'requests.report.contentRequired' });
    form.content = '楼道灯坏了';
    expect(validateReport(form, 'resident')).toEqual({});
    expect(validateReport(form, 'self')).toEqual({ photos: 'requests.report.photoRequired', note: 'requests.report.noteRequired' });
    form.photoIds = ['p1'];
    form.note = '已更换灯泡';
    expect(validateReport(form, 'self')).toEqual({});
    form.content = '长'.repeat(2001);
    expect(validateReport(form, 'resident').content).toBe('requests.report.contentTooLong');
  });

  it("sends a resident's building, point and address as the location", () => {
    const form = emptyReport();
    form.content = ' 路灯不亮 ';
    form.categoryId = 7;
    form.photoIds = ['p1'];
    form.place = { buildingNodeId: 41, buildingLabel: '1号楼 1单元', point: { lng: 109.9, lat: 40.69, accuracy: 30 }, address: '' };
    expect(submitBody(form, 'resident')).toEqual({
      channel: 'resident',
      content: '路灯不亮',
      categoryId: 7,
      location: { buildingNodeId: 41, lng: 109.9, lat: 40.69, orgNodeId: null, address: '1号楼 1单元' },
      photoIds: ['p1'],
    });
  });

  it("files a worker's report without a place under their own grid, with the priority they chose", () => {
    const form = emptyReport();
    form.content = '井盖缺失';
    form.priority = 'urgent';
    expect(submitBody(form, 'patrol', 300)).toMatchObject({
      channel: 'patrol',
      priority: 'urgent',
      location: { buildingNodeId: null, orgNodeId: 300, lng: null, lat: null },
    });
    form.note = '已放置警示牌并修复';
    form.photoIds = ['p1'];
    expect(selfResolveBody(form, 300)).toMatchObject({ note: '已放置警示牌并修复', photoIds: ['p1'], location: { orgNodeId: 300 } });
  });
});

describe('worker entries on the phone', () => {
  const me = (role: string, kind: 'grid' | 'community' | 'department', permissions: string[]): Me => ({
    user: { id: 1, username: 'u', displayName: 'U', mobile: null, homeNodeId: 9 },
    homeNode: null,
    roles: [{ id: 1, role, orgNode: { id: 9, parentId: 8, kind, subkind: null, code: null, name: 'n', depth: 5, path: '1.8.9' } }],
    scopes: [],
    permissions,
  });

  it('shows tasks, patrol and self-resolve to a grid worker', () => {
    const abilities = workerAbilities(me('grid_worker', 'grid', ['org.read', 'requests.intake', 'requests.handle', 'requests.read']));
    expect(abilities).toMatchObject({ tasks: true, patrol: true, selfResolve: true });
    expect(abilities.fieldNodes.map((n) => n.id)).toEqual([9]);
  });

  it('shows a department handler their tasks only, and a resident nothing', () => {
    expect(workerAbilities(me('department_handler', 'department', ['org.read', 'requests.handle']))).toMatchObject({ tasks: true, patrol: false, selfResolve: false });
    expect(workerAbilities(me('resident', 'community', ['org.read', 'files.upload']))).toMatchObject({ tasks: false, patrol: false, selfResolve: false });
    expect(workerAbilities(null).tasks).toBe(false);
  });
});
