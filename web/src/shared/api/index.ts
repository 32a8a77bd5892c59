import { currentLocale, i18n } from '../i18n';
import { ApiError, createApiClient } from './client';

export { ApiError, errorMessage } from './client';
export type * from './types';

type SessionHandler = (error: ApiError) => void;
let sessionHandler: SessionHandler | undefined;

/**
 * Each page (console, resident) decides where a lost session leads — its own login page — so it registers
 * the handler at start-up instead of the client knowing about routers.
 */
export function onSessionExpired(handler: SessionHandler): void {
  sessionHandler = handler;
}

export const api = createApiClient({
  baseUrl: '/api/v1',
  getLocale: currentLocale,
  fallbackMessage: (kind, status) =>
    kind === 'network' ? i18n.global.t('errors.network') : i18n.global.t('errors.http', { status: status ?? 0 }),
  onSessionExpired: (error) => sessionHandler?.(error),
});
