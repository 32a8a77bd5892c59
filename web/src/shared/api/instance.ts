/** The one API client of a page, configured with the page's language and its lost-session handler. */
import { currentLocale, i18n } from '../i18n';
import { ApiError, createApiClient, type ApiClientOptions } from './client';
import { createMultipartPoster, createUploader } from './upload';

type SessionHandler = (error: ApiError) => void;
let sessionHandler: SessionHandler | undefined;

/**
 * Each page (console, resident) decides where a lost session leads — its own login page — so it registers
 * the handler at start-up instead of the client knowing about routers.
 */
export function onSessionExpired(handler: SessionHandler): void {
  sessionHandler = handler;
}

const clientOptions: ApiClientOptions = {
  baseUrl: '/api/v1',
  getLocale: currentLocale,
  fallbackMessage: (kind, status) =>
    kind === 'network' ? i18n.global.t('errors.network') : i18n.global.t('errors.http', { status: status ?? 0 }),
  onSessionExpired: (error) => sessionHandler?.(error),
};

/** The typed client: `api.get('/requests/{id}', { path: { id } })` answers the request as the server declares it. */
export const api = createApiClient(clientOptions);

/** POST /files with upload progress; same language, error shape and session handling as `api`. */
export const uploadImage = createUploader(clientOptions);

/** Any other multipart upload with progress (a hotline work-order sheet). */
export const postMultipart = createMultipartPoster(clientOptions);
