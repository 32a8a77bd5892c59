/**
 * The one error catalogue. Every error a client can see has a stable snake_case code, an HTTP status and a
 * message in Chinese and English. `AppError` is thrown from services; the error handler (errorHandler.ts)
 * renders it as `{ "error": { "code", "message", "details"? } }`.
 */
export interface Message {
  zh: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Message,
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'AppError';
  }
}

const make =
  (status: number, code: string, zh: string, en: string) =>
  (details?: unknown, override?: Partial<Message>): AppError =>
    new AppError(status, code, { zh: override?.zh ?? zh, en: override?.en ?? en }, details);

export const errors = {
  validation: make(400, 'validation_failed', '请求内容不符合要求', 'The request is not valid'),
  badRequest: (code: string, zh: string, en: string, details?: unknown) => new AppError(400, code, { zh, en }, details),
  unauthenticated: make(401, 'unauthenticated', '请先登录', 'Please sign in first'),
  sessionExpired: make(401, 'session_expired', '登录已过期，请重新登录', 'Your session has expired; please sign in again'),
  invalidCredentials: make(401, 'invalid_credentials', '用户名或密码错误', 'Wrong username or password'),
  accountDisabled: make(403, 'account_disabled', '账号已停用', 'This account is disabled'),
  crossOrigin: make(
    403,
    'cross_origin_refused',
    '请求来自其他网站，已拒绝。请在连心的页面中操作',
    'Refused: the request came from another site. Please use the Lianxin pages',
  ),
  rateLimited: (retryAfterSeconds: number, zh = '操作过于频繁，请稍后再试', en = 'Too many requests; please try again later') =>
    new AppError(429, 'rate_limited', { zh: `${zh}（${retryAfterSeconds} 秒后）`, en: `${en} (in ${retryAfterSeconds} s)` }, { retryAfterSeconds }),
  forbidden: make(403, 'forbidden', '没有权限执行此操作', 'You are not allowed to do this'),
  notFound: make(404, 'not_found', '找不到该对象', 'Not found'),
  conflict: (code: string, zh: string, en: string, details?: unknown) => new AppError(409, code, { zh, en }, details),
  payloadTooLarge: make(413, 'payload_too_large', '上传内容过大', 'The upload is too large'),
  unsupportedMedia: make(
    415,
    'unsupported_media_type',
    '只接受 JPEG、PNG 或 WebP 图片',
    'Only JPEG, PNG or WebP images are accepted',
  ),
  metricsTokenRequired: make(
    401,
    'metrics_token_required',
    '需要有效的监控令牌（METRICS_TOKEN）',
    'A valid metrics token (METRICS_TOKEN) is required',
  ),
  internal: make(500, 'internal_error', '服务器内部错误', 'Internal server error'),
};

/** Pick the message language from Accept-Language: Chinese unless the caller prefers English. */
export function pickLanguage(acceptLanguage: string | undefined): 'zh' | 'en' {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
