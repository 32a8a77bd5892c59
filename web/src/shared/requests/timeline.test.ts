import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import { eventDetails } from './timeline';

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

describe('timeline details', () => {
  it('puts the facts an event carries into words', () => {
    setLocale('zh-CN');
    expect(eventDetails({ action: 'follow_up', data: { solved: false, satisfaction: 'unsatisfied', by: 'reporter' } }, t, 'zh-CN')).toEqual(['未解决', '不满意']);
    expect(eventDetails({ action: 'follow_up', data: { solved: true, satisfaction: 'satisfied', by: 'staff' } }, t, 'zh-CN')).toEqual([
      '已解决',
      '满意',
      '工作人员电话回访',
    ]);
    expect(eventDetails({ action: 'reopen', data: { round: 2 } }, t, 'zh-CN')).toEqual(['第 2 次重办']);
    expect(eventDetails({ action: 'escalate', data: { kind: 'resolution', level: 1, nodeName: '青福镇' } }, t, 'zh-CN')).toEqual([
      '超期未办结，第 1 级督办：青福镇',
    ]);
    expect(eventDetails({ action: 'close', data: { reason: 'no_reply' } }, t, 'zh-CN')).toEqual(['逾期未评价']);
    const moved = { year: 2027, moved: true, estimated: false, previousDueAt: '2027-01-04T09:30:00.000Z', newDueAt: '2027-01-05T09:30:00.000Z' };
    expect(eventDetails({ action: 'deadline_recompute', data: moved }, t, 'zh-CN')).toEqual(['新的办结时限 2027/01/05 17:30']);
    expect(eventDetails({ action: 'deadline_recompute', data: { year: 2027, moved: false, estimated: true } }, t, 'zh-CN')).toEqual([
      '预计（节假日安排未公布）',
    ]);
  });

  it('says to whom a dispatch or transfer went', () => {
    setLocale('zh-CN');
    const person = { user: { id: 7, name: '网格员甲' }, unit: null, place: null };
    expect(eventDetails({ action: 'dispatch', data: { assigneeUserId: 7 }, assignedTo: person }, t, 'zh-CN')).toEqual(['派给 网格员甲']);
    const member = { user: { id: 8, name: '小刘' }, unit: { id: 3, name: '城管办' }, place: null };
    expect(eventDetails({ action: 'dispatch', data: {}, assignedTo: member }, t, 'zh-CN')).toEqual(['派给 小刘（城管办）']);
    const unit = { user: null, unit: { id: 3, name: '城管办' }, place: null };
    expect(eventDetails({ action: 'dispatch', data: {}, assignedTo: unit }, t, 'zh-CN')).toEqual(['派给 城管办']);
    const place = { user: null, unit: null, place: { id: 9, name: '第二网格', kind: 'grid' } };
    expect(eventDetails({ action: 'transfer', data: { targetName: '旧名称' }, assignedTo: place }, t, 'zh-CN')).toEqual(['转至 第二网格']);
    // Older events without assignedTo still show the name the event recorded.
    expect(eventDetails({ action: 'transfer', data: { targetName: '城管办' } }, t, 'zh-CN')).toEqual(['转至 城管办']);
    setLocale('en');
    expect(eventDetails({ action: 'dispatch', data: {}, assignedTo: member }, t, 'en')).toEqual(['To 小刘 (城管办)']);
    setLocale('zh-CN');
  });

  it('shows nothing for data it does not understand', () => {
    expect(eventDetails({ action: 'dispatch', data: { assigneeUserId: 5 } }, t, 'zh-CN')).toEqual([]);
    expect(eventDetails({ action: 'follow_up', data: { satisfaction: 'ecstatic' } }, t, 'zh-CN')).toEqual([]);
  });
});
