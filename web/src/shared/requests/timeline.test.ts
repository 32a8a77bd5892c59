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
  });

  it('shows nothing for data it does not understand', () => {
    expect(eventDetails({ action: 'dispatch', data: { assigneeUserId: 5 } }, t, 'zh-CN')).toEqual([]);
    expect(eventDetails({ action: 'follow_up', data: { satisfaction: 'ecstatic' } }, t, 'zh-CN')).toEqual([]);
  });
});
