import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';

const dialogs = vi.hoisted(() => ({ showConfirmDialog: vi.fn(), showDialog: vi.fn() }));
vi.mock('vant', async (original) => ({ ...(await original<typeof import('vant')>()), ...dialogs }));

import { pointsApi, storeApi, type Goods, type Ledger, type Redemption } from '@/shared/api/pointsApi';
import { i18n } from '@/shared/i18n';
import StorePage from './StorePage.vue';

const rice = { id: 3, nodeId: 9, nodeName: '草原社区', name: '大米', description: '5公斤', photoFileId: null, pricePoints: 60, monthlyLimit: 1, onShelf: true, stock: 4 } as Goods;
const towel = { ...rice, id: 4, name: '毛巾', pricePoints: 15, stock: 0 } as Goods;

async function mountPage(balance: number) {
  vi.spyOn(storeApi, 'myGoods').mockResolvedValue({ items: [rice, towel] });
  vi.spyOn(pointsApi, 'me').mockResolvedValue({ volunteer: { id: 1, name: '乌云', volunteerNo: 'V1' }, balance, items: [] } as Ledger);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/store', component: StorePage }, { path: '/store/redemptions', name: 'store-redemptions', component: { template: '<p/>' } }] });
  await router.push('/store');
  const wrapper = mount(StorePage, { global: { plugins: [i18n, router] } });
  await flushPromises();
  return wrapper;
}

describe('the charity store on the phone', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    vi.restoreAllMocks();
    dialogs.showConfirmDialog.mockReset();
    dialogs.showDialog.mockReset();
  });

  it('lists the goods with my balance; sold-out goods and goods I cannot afford cannot be redeemed', async () => {
    const wrapper = await mountPage(30);
    expect(wrapper.find('[data-test="store-balance"]').text()).toContain('30');
    const buttons = wrapper.findAll('[data-test="redeem"]');
    expect(buttons).toHaveLength(2);
    expect(buttons[0]!.attributes('disabled')).toBeDefined(); // 60 points, I have 30
    expect(buttons[1]!.text()).toBe('已兑完');
  });

  it('asks before redeeming, then shows the pickup code', async () => {
    const wrapper = await mountPage(100);
    dialogs.showConfirmDialog.mockResolvedValue('confirm');
    dialogs.showDialog.mockResolvedValue(undefined);
    const redeem = vi.spyOn(storeApi, 'redeem').mockResolvedValue({ id: 1, pickupCode: '042917', status: 'open' } as Redemption);
    await wrapper.findAll('[data-test="redeem"]')[0]!.trigger('click');
    await flushPromises();
    expect(dialogs.showConfirmDialog).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('60 分') }));
    expect(redeem).toHaveBeenCalledWith(3);
    expect(dialogs.showDialog).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('042917') }));
  });

  it('does not redeem when the resident says no', async () => {
    const wrapper = await mountPage(100);
    dialogs.showConfirmDialog.mockRejectedValue(new Error('cancel'));
    const redeem = vi.spyOn(storeApi, 'redeem');
    await wrapper.findAll('[data-test="redeem"]')[0]!.trigger('click');
    await flushPromises();
    expect(redeem).not.toHaveBeenCalled();
  });
});
