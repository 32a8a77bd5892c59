import { describe, expect, it } from 'vitest';
import { completeNotice, feeText, materialForm, timeLimitText } from './notice.js';

const item = {
  name: '高龄津贴申请',
  category: 'civil_affairs' as const,
  eligibility: '具有本市户籍、年满80周岁的老年人\n本人或家属均可申请',
  materials: [
    { name: '居民身份证', form: 'original_and_copy' as const, copies: 1, source: '户籍所在地派出所', required: true, note: null },
    { name: '银行卡', form: 'copy' as const, copies: 2, source: null, required: false, note: '本人名下一类卡' },
    { name: '电子照片', form: 'electronic' as const, copies: 0, source: null, required: true, note: null },
  ],
  legalBasis: '《内蒙古自治区老年人权益保障条例》',
  feeCents: 0,
  feeNote: '',
  timeLimitDays: 15,
  modes: ['on_the_spot', 'at_home'] as ('on_the_spot' | 'at_home')[],
  process: '提交申请\n社区初审\n2. 民政部门审核',
  notice: '',
};

describe('completeNotice', () => {
  it('builds the sections from the fields, in the order a resident reads them', () => {
    const n = completeNotice(item, [{ centerName: '保利社区党群服务中心', number: 2, name: '民政窗口' }]);
    expect(n.title).toBe('“高龄津贴申请”一次性告知书');
    expect(n.sections.map((s) => s.key)).toEqual(['eligibility', 'materials', 'modes', 'process', 'time_limit', 'fee', 'windows', 'legal_basis']);
    const byKey = Object.fromEntries(n.sections.map((s) => [s.key, s.lines]));
    expect(byKey.eligibility).toHaveLength(2);
    expect(byKey.materials![0]).toBe('1. 居民身份证（原件及复印件1份；必需；来源：户籍所在地派出所）');
    expect(byKey.materials![1]).toBe('2. 银行卡（复印件2份；视情况提供；本人名下一类卡）');
    expect(byKey.materials![2]).toBe('3. 电子照片（电子材料；必需）');
    expect(byKey.process).toEqual(['1. 提交申请', '2. 社区初审', '2. 民政部门审核']);
    expect(byKey.time_limit).toEqual(['15个工作日']);
    expect(byKey.fee).toEqual(['不收费']);
    expect(byKey.windows).toEqual(['保利社区党群服务中心 2号窗口（民政窗口）']);
  });

  it('leaves out empty sections', () => {
    const n = completeNotice({ ...item, eligibility: '', legalBasis: ' ', process: '' });
    expect(n.sections.map((s) => s.key)).toEqual(['materials', 'modes', 'time_limit', 'fee']);
  });

  it('words fees, time limits and forms', () => {
    expect(feeText(2050, '工本费')).toBe('20.50元（工本费）');
    expect(timeLimitText(0)).toBe('即时办结');
    expect(materialForm({ form: 'original', copies: 1 })).toBe('原件1份');
  });
});
