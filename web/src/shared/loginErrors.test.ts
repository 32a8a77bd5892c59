import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client';
import { loginFailureHint } from './loginErrors';

const t = (key: string, values: Record<string, unknown>) => `${key} ${JSON.stringify(values)}`;

describe('loginFailureHint', () => {
  it('says how long this device must wait after too many wrong passwords', () => {
    const wait = (s: number) => new ApiError(429, 'rate_limited', '登录尝试过于频繁', { retryAfterSeconds: s });
    expect(loginFailureHint(wait(8), t)).toBe('login.waitSeconds {"n":8}');
    expect(loginFailureHint(wait(61), t)).toBe('login.waitMinutes {"n":2}');
  });

  it('adds nothing to a wrong password (it would tell a real account from a made-up one)', () => {
    expect(loginFailureHint(new ApiError(401, 'invalid_credentials', '用户名或密码错误'), t)).toBeNull();
    expect(loginFailureHint(new Error('boom'), t)).toBeNull();
  });
});
