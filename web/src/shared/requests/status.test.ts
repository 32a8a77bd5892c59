import { describe, expect, it } from 'vitest';
import { elementTagType, isOpenStatus, isReopened, isRequestNotice, requestIdFromLink, statusKey, statusTone, timelineActionKey, reporterText, placeName } from './status';

describe('request status labels', () => {
  it('names every status through the message files, and an unknown one generically', () => {
    expect(statusKey('in_progress')).toBe('requests.status.in_progress');
    expect(statusKey('archived')).toBe('requests.status.unknown');
    expect(timelineActionKey('self_resolve')).toBe('requests.event.self_resolve');
    expect(timelineActionKey('teleport')).toBe('requests.event.unknown');
  });

  it('colours waiting work amber, work in hand blue, resolved green and finished grey', () => {
    expect(statusTone('submitted')).toBe('warning');
    expect(statusTone('dispatched')).toBe('primary');
    expect(statusTone('resolved')).toBe('success');
    expect(statusTone('rejected')).toBe('default');
    expect(elementTagType('merged')).toBe('info');
    expect(elementTagType('resolved')).toBe('success');
  });

  it('tells open from finished, and a second round from a fresh report', () => {
    expect(isOpenStatus('accepted')).toBe(true);
    expect(isOpenStatus('resolved')).toBe(false);
    expect(isReopened({ status: 'accepted', reopenCount: 1 })).toBe(true);
    expect(isReopened({ status: 'accepted', reopenCount: 0 })).toBe(false);
    expect(isReopened({ status: 'closed', reopenCount: 2 })).toBe(false);
  });

  it('finds the request a notification is about from its link', () => {
    expect(requestIdFromLink('/m/requests/42')).toBe(42);
    expect(requestIdFromLink('/m/tasks/7')).toBe(7);
    expect(requestIdFromLink('/console/requests/1300?tab=timeline')).toBe(1300);
    expect(requestIdFromLink('/console/requests/inbox')).toBeNull();
    expect(requestIdFromLink(null)).toBeNull();
    expect(isRequestNotice('request.dispatched')).toBe(true);
    expect(isRequestNotice('announcement')).toBe(false);
  });
});

describe('who reported a request', () => {
  const t = (key: string, values?: Record<string, unknown>) => `${key}:${JSON.stringify(values ?? {})}`;
  const base = { reporter: { name: null, phone: null, isYou: false, masked: true }, createdBy: { id: 3, name: '赵网格' } };

  it('names the grid worker for a patrol find, which has no resident behind it', () => {
    expect(reporterText({ ...base, channel: 'patrol' }, t)).toBe('requests.patrolReporter:{"name":"赵网格"}');
  });

  it('shows the reporter when there is one, and a dash otherwise', () => {
    expect(reporterText({ ...base, channel: 'staff', reporter: { ...base.reporter, name: '欧*', phone: '138****8000' } }, t)).toBe('欧* 138****8000');
    expect(reporterText({ ...base, channel: 'hotline', createdBy: null }, t)).toBe('—');
  });
});

describe('where a request lies', () => {
  it('reads "community / grid" below community level', () => {
    expect(placeName({ name: '第一网格', community: '保利社区' })).toBe('保利社区 / 第一网格');
    expect(placeName({ name: '保利社区', community: '保利社区' })).toBe('保利社区');
    expect(placeName({ name: '青山区', community: null })).toBe('青山区');
  });
});
