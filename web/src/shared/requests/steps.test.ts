import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../testing/fakeApi';
import { emptyStepInput, errorsWhileEditing, offeredSteps, sendStep, validateStep } from './steps';

afterEach(() => {
  vi.unstubAllGlobals();
});

const detail = { status: 200, body: { id: 5, status: 'in_progress' } };

describe('handling steps', () => {
  it('requires a note to record progress or resolve, and a reason to return or reject', () => {
    const input = emptyStepInput();
    expect(validateStep('take', input)).toEqual({});
    expect(validateStep('progress', input)).toEqual({ text: 'requests.step.noteRequired' });
    expect(validateStep('resolve', input)).toEqual({ text: 'requests.step.noteRequired' });
    expect(validateStep('return', input)).toEqual({ text: 'requests.step.reasonRequired' });
    expect(validateStep('reject', { ...input, text: '重复' })).toEqual({});
    expect(validateStep('request_extension', { ...input, text: '等配件', days: 0 })).toEqual({ days: 'requests.step.daysRange' });
    expect(validateStep('deny_extension', input)).toEqual({ text: 'requests.step.noteRequired' });
    expect(validateStep('progress', { ...input, text: 'x'.repeat(1001) })).toEqual({ text: 'requests.step.textTooLong' });
  });

  it('sends each step to its endpoint with the body the server expects', async () => {
    const { calls } = installFakeApi({
      'POST /api/v1/requests/5/resolve': () => detail,
      'POST /api/v1/requests/5/return': () => detail,
      'POST /api/v1/requests/5/accept': () => detail,
      'POST /api/v1/requests/5/extension': () => detail,
    });
    const base = emptyStepInput();
    await sendStep('resolve', 5, { ...base, text: ' 已更换灯泡 ', photoIds: ['a'] });
    await sendStep('return', 5, { ...base, text: '不属于本网格' });
    await sendStep('accept', 5, { ...base, categoryId: 7, priority: 'urgent' });
    await sendStep('request_extension', 5, { ...base, text: '等配件', days: 3 });
    expect(calls.map((c) => c.body)).toEqual([
      { note: '已更换灯泡', photoIds: ['a'] },
      { reason: '不属于本网格' },
      { note: null, categoryId: 7, priority: 'urgent' },
      { extraWorkingDays: 3, reason: '等配件' },
    ]);
  });

  it('offers only the steps the server allows, in the order asked', () => {
    expect(offeredSteps(['take', 'return'], ['return', 'progress', 'take', 'resolve'])).toEqual(['return', 'take']);
    expect(offeredSteps(['decide_extension'], ['approve_extension', 'deny_extension', 'resolve'])).toEqual(['approve_extension', 'deny_extension']);
  });
});

describe('step messages while the user corrects the form', () => {
  it('clears "请填写说明" once a note is typed, and adds nothing before the next submit', () => {
    const input = emptyStepInput();
    const shown = validateStep('resolve', input);
    expect(shown).toEqual({ text: 'requests.step.noteRequired' });
    expect(errorsWhileEditing('resolve', { ...input, text: '已' }, shown)).toEqual({});
    expect(errorsWhileEditing('resolve', { ...input, text: '  ' }, shown)).toEqual({ text: 'requests.step.noteRequired' });
    expect(errorsWhileEditing('request_extension', { ...input, days: 0 }, {})).toEqual({});
  });
});
