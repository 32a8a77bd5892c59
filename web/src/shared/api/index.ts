export { ApiError, errorMessage } from './client';
export type { ApiBody, ApiPath, ApiQuery, ApiResponse, LocalizedText } from './client';
export type * from './endpoints';
export { api, onSessionExpired, postMultipart, uploadImage } from './instance';
