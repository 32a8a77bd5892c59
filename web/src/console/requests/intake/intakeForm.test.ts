import { describe, expect, it } from 'vitest';
import type { OrgNodeRef } from '@/shared/api';
import { emptyIntake, intakeBody, validateIntake } from './intakeForm';

const node = (id: number, kind: OrgNodeRef['kind']): OrgNodeRef => ({ id, parentId: 1, kind, subkind: null, code: null, name: `n${id}`, depth: 5, path: `1.${id}` });

describe('entering a request for someone', () => {
  it('needs someone to tell, a description, a place, and a work-order number for hotline orders', () => {
    const form = emptyIntake(null);
    expect(validateIntake(form)).toEqual({
      reporter: 'requests.console.intake.reporterRequired',
      content: 'requests.report.contentRequired',
      place: 'requests.console.intake.placeRequired',
    });
    form.reporterPhone = '0472-1234';
    form.content = '家里暖气不热';
    form.place = node(30, 'community');
    form.channel = 'hotline';
    expect(validateIntake(form)).toEqual({ externalRef: 'requests.console.intake.externalRefRequired' });
    form.externalRef = '12345-001';
    form.receivedAt = '2026-10-09T10:00:00+08:00';
    expect(validateIntake(form, new Date('2026-10-09T01:00:00Z'))).toEqual({ receivedAt: 'requests.console.intake.receivedFuture' });
    expect(validateIntake(form, new Date('2026-10-09T03:00:00Z'))).toEqual({});
    form.reporterPhone = 'call me';
    expect(validateIntake(form, new Date('2026-10-09T03:00:00Z')).reporter).toBe('requests.console.intake.phoneInvalid');
  });

  it('files under a building as the building, under a grid or community as the node', () => {
    const form = { ...emptyIntake(node(41, 'unit')), reporterName: ' 王大爷 ', reporterPhone: '139 0000 1111', content: '楼道堆物' };
    expect(intakeBody(form)).toMatchObject({
      channel: 'staff',
      reporter: { name: '王大爷', phone: '13900001111' },
      location: { buildingNodeId: 41, orgNodeId: null, address: null },
      externalRef: null,
    });
    expect(intakeBody({ ...form, place: node(30, 'grid'), channel: 'hotline', externalRef: ' A1 ' })).toMatchObject({
      location: { buildingNodeId: null, orgNodeId: 30 },
      externalRef: 'A1',
    });
  });
});
