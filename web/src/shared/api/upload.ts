import { ApiError, errorFromBody, type ApiClientOptions, type ApiPath, type ApiResponse } from './client';
import type { paths } from './schema';

/** Paths that take a multipart/form-data upload. */
export type MultipartPath = {
  [P in ApiPath<'post'>]: paths[P]['post'] extends { requestBody: { content: { 'multipart/form-data': unknown } } } ? P : never;
}[ApiPath<'post'>];

/** What POST /files answers: the stored image and where to read it and its thumbnail. */
export type UploadedFile = ApiResponse<'/files', 'post'>;

export interface UploadOptions {
  /** Fraction sent so far, 0–1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** The org node the file belongs to (default on the server for images: the uploader's home node). */
  nodeId?: number;
}

export type Uploader = (file: Blob, fileName: string, options?: UploadOptions) => Promise<UploadedFile>;

/** POST a file as multipart/form-data (field "file", with "nodeId" when given) to `path`, answering its JSON. */
export type MultipartPoster = <P extends MultipartPath>(
  path: P,
  file: Blob,
  fileName: string,
  options?: UploadOptions,
) => Promise<ApiResponse<P, 'post'>>;

type XhrLike = Pick<
  XMLHttpRequest,
  'open' | 'send' | 'abort' | 'setRequestHeader' | 'status' | 'responseText' | 'onload' | 'onerror' | 'onabort' | 'getResponseHeader'
> & { upload: Pick<XMLHttpRequestUpload, 'onprogress'> };

function errorFromXhr(xhr: XhrLike, options: Pick<ApiClientOptions, 'fallbackMessage'>): ApiError {
  let body: unknown = undefined;
  if ((xhr.getResponseHeader('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(xhr.responseText);
    } catch {
      // Not the server's error shape (a proxy page): the generic message follows.
    }
  }
  return errorFromBody(xhr.status, body, options);
}

/**
 * Uploads go through XMLHttpRequest rather than fetch: fetch cannot report upload progress, and residents on a weak
 * mobile signal need to see that nine photos are actually moving. Errors take the same shape as the API client's,
 * and a lost session is reported to the same handler.
 */
export function createMultipartPoster(
  options: Pick<ApiClientOptions, 'baseUrl' | 'getLocale' | 'fallbackMessage' | 'onSessionExpired'> & { xhr?: () => XhrLike },
): MultipartPoster {
  const makeXhr = options.xhr ?? (() => new XMLHttpRequest() as XhrLike);
  return <P extends MultipartPath>(path: P, file: Blob, fileName: string, { onProgress, signal, nodeId }: UploadOptions = {}) =>
    new Promise<ApiResponse<P, 'post'>>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new DOMException('Aborted', 'AbortError'));
        return;
      }
      const xhr = makeXhr();
      const form = new FormData();
      // Fields before the file: the server reads the multipart stream in order.
      if (nodeId !== undefined) form.append('nodeId', String(nodeId));
      form.append('file', file, fileName);
      xhr.open('POST', `${options.baseUrl}${path}`);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Accept-Language', options.getLocale());
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress?.(Math.min(1, event.loaded / event.total));
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress?.(1);
          try {
            resolve(JSON.parse(xhr.responseText) as ApiResponse<P, 'post'>);
          } catch {
            reject(new ApiError(xhr.status, 'bad_response', options.fallbackMessage('http', xhr.status)));
          }
          return;
        }
        const error = errorFromXhr(xhr, options);
        if (error.isSessionError) options.onSessionExpired?.(error);
        reject(error);
      };
      xhr.onerror = () => reject(new ApiError(0, 'network_error', options.fallbackMessage('network')));
      xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
}

/** POST /files: one image, answering where to read it and its thumbnail. */
export function createUploader(options: Parameters<typeof createMultipartPoster>[0]): Uploader {
  const post = createMultipartPoster(options);
  return (file, fileName, opts) => post('/files', file, fileName, opts);
}
