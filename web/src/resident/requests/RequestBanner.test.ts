import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { RequestDetail } from '@/shared/api/requestsApi';
import { i18n } from '@/shared/i18n';
import { rejectionReason } from '@/shared/requests/status';
import RequestBanner from './RequestBanner.vue';

const event = (action: string, note: string | null) => ({ action, note }) as unknown as RequestDetail['timeline'][number];
const rejected = (timeline: RequestDetail['timeline']) =>
  ({
    status: 'rejected',
    timeline,
    reopenCount: 0,
    escalated: false,
    selfResolved: false,
    resolutionDueAt: '2026-03-10T00:00:00Z',
    resolvedAt: null,
    overdue: { response: false, resolution: false },
    deadlineEstimated: false,
  }) as unknown as RequestDetail;

describe('why a request was not accepted', () => {
  it('takes the note of the latest reject step', () => {
    expect(rejectionReason(rejected([event('submit', null), event('reject', '不属于本社区'), event('reject', '经核实为重复反映')]))).toBe('经核实为重复反映');
    expect(rejectionReason({ status: 'closed', timeline: [event('reject', 'x')] })).toBeNull();
    expect(rejectionReason(rejected([event('reject', '  ')]))).toBeNull();
  });

  it('is shown in the resident banner instead of pointing elsewhere', () => {
    i18n.global.locale.value = 'zh-CN';
    const wrapper = mount(RequestBanner, {
      props: { request: rejected([event('submit', null), event('reject', '属于物业合同纠纷，请通过法律途径解决')]), now: new Date() },
      global: { plugins: [i18n] },
    });
    expect(wrapper.find('[data-test="rejected-reason"]').text()).toBe('未予受理的原因：属于物业合同纠纷，请通过法律途径解决');
    expect(wrapper.text()).not.toContain('下方');
  });
});
