import { ApiError } from './api/client';

type Translate = (key: string, values: Record<string, unknown>) => string;

/**
 * The line to add under a refused sign-in when the server asks to wait: after several wrong passwords from this
 * device, it must wait a little (seconds at first, at most 15 minutes) before trying again. Nobody is locked out;
 * the wait belongs to this device only.
 */
export function loginFailureHint(error: unknown, t: Translate): string | null {
  if (!(error instanceof ApiError)) return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (error.status === 429 && typeof seconds === 'number') {
    return seconds >= 60 ? t('login.waitMinutes', { n: Math.ceil(seconds / 60) }) : t('login.waitSeconds', { n: seconds });
  }
  return null;
}
