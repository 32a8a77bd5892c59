import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import { createUploader } from './upload';

/** Plays the browser's XMLHttpRequest: records what was sent, then answers as the test says. */
class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  aborted = false;
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders['content-type'] = 'application/json; charset=utf-8';
    this.onload?.();
  }
}

function uploader(onSessionExpired = vi.fn()) {
  return {
    onSessionExpired,
    upload: createUploader({
      baseUrl: '/api/v1',
      getLocale: () => 'en',
      fallbackMessage: (kind, status) => (kind === 'network' ? 'offline' : `http ${status}`),
      onSessionExpired,
      xhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    }),
  };
}

describe('image upload', () => {
  it('posts the file as multipart with the UI language and reports progress', async () => {
    const progress: number[] = [];
    const done = uploader().upload(new Blob(['png']), 'a.png', { onProgress: (f) => progress.push(f), nodeId: 12 });
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/files');
    expect(xhr.headers['Accept-Language']).toBe('en');
    expect(xhr.body?.get('nodeId')).toBe('12');
    expect(xhr.body?.get('file')).toBeInstanceOf(Blob);
    xhr.progress(50, 200);
    xhr.answer(201, { id: 'f1', url: '/api/v1/files/f1', thumbUrl: '/api/v1/files/f1/thumb' });
    await expect(done).resolves.toMatchObject({ id: 'f1' });
    expect(progress).toEqual([0.25, 1]);
  });

  it('turns the server error body into an ApiError and reports a lost session', async () => {
    const { upload, onSessionExpired } = uploader();
    const refused = upload(new Blob(['gif']), 'a.gif');
    FakeXhr.last.answer(415, { error: { code: 'unsupported_media_type', message: 'Only JPEG, PNG or WebP' } });
    await expect(refused).rejects.toMatchObject({ status: 415, code: 'unsupported_media_type', message: 'Only JPEG, PNG or WebP' });
    expect(onSessionExpired).not.toHaveBeenCalled();

    const expired = upload(new Blob(['png']), 'a.png');
    FakeXhr.last.answer(401, { error: { code: 'session_expired', message: 'Session expired' } });
    await expect(expired).rejects.toBeInstanceOf(ApiError);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('stops when the caller aborts and says so as an AbortError', async () => {
    const controller = new AbortController();
    const done = uploader().upload(new Blob(['png']), 'a.png', { signal: controller.signal });
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeXhr.last.aborted).toBe(true);
  });
});
