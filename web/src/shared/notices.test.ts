import { describe, expect, it } from 'vitest';
import { noticeText } from './notices';

describe('noticeText', () => {
  const bilingual = { title: '预约已通过：舞蹈室', body: '请准时签到', en: { title: 'Booking approved: 舞蹈室', body: 'Please check in on time' } };
  const chineseOnly = { title: '社区通知', body: '周六停水', en: null };

  it('shows the English the sender wrote on pages in English', () => {
    expect(noticeText(bilingual, 'en')).toEqual({ title: 'Booking approved: 舞蹈室', body: 'Please check in on time' });
  });

  it('shows the Chinese on pages in Chinese, and when there is no English', () => {
    expect(noticeText(bilingual, 'zh-CN')).toEqual({ title: '预约已通过：舞蹈室', body: '请准时签到' });
    expect(noticeText(chineseOnly, 'en')).toEqual({ title: '社区通知', body: '周六停水' });
  });
});
