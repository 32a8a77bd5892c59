import type { ApiErrorBody, LocalizedText } from './types';

/** Codes meaning "there is no valid session": the app should send the user to the login page. */
const SESSION_CODES = new Set(['unauthenticated', 'session_expired']);

/** A failed API call with the server's stable code and a message in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly messages?: LocalizedText,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the session is missing or expired (not a wrong password, which is also a 401). */
  get isSessionError(): boolean {
    return this.status === 401 && SESSION_CODES.has(this.code);
  }
}

/** Arrays repeat the key (status=a&status=b), which is how the server reads multi-value filters. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Prefix for every path, "/api/v1" in the app. */
  baseUrl: string;
  /** The UI language, sent as Accept-Language so the server's messages match it. */
  getLocale: () => string;
  /** Text for failures that carry no server message (network down, proxy error page). */
  fallbackMessage: (kind: 'network' | 'http', status?: number) => string;
  /** Called once per failing request whose session is gone; the app redirects to its login page. */
  onSessionExpired?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Empty filters are left out rather than sent as "" so the server applies no filter at all.
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Turn a failed response into an ApiError, whether or not its body is the server's JSON error shape. */
export async function parseError(response: Response, options: Pick<ApiClientOptions, 'fallbackMessage'>): Promise<ApiError> {
  let body: unknown = undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
  }
  if (isErrorBody(body)) {
    const { code, message, details, messages } = body.error;
    return new ApiError(response.status, code, message, details, messages);
  }
  return new ApiError(response.status, `http_${response.status}`, options.fallbackMessage('http', response.status));
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function request<T>(method: string, path: string, { query, body, signal }: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': options.getLocale(),
    };
    const init: RequestInit = { method, headers, credentials: 'same-origin', signal };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}${path}${buildQuery(query)}`, init);
    } catch (cause) {
      // A deliberate abort is not a failure the user needs to hear about; let callers tell it apart.
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, 'network_error', options.fallbackMessage('network'));
    }
    if (!response.ok) {
      const error = await parseError(response, options);
      if (error.isSessionError) options.onSessionExpired?.(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: (path, query, signal) => request('GET', path, { query, signal }),
    post: (path, body) => request('POST', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    put: (path, body) => request('PUT', path, { body }),
    delete: (path) => request('DELETE', path),
  };
}

/** The message to show for any thrown value: the server's text for API errors, something sane otherwise. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
