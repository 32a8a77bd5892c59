import { describe, expect, it } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { ApiError } from '../api/client';
import type { Uploader, UploadOptions } from '../api/upload';
import { usePhotoUploads } from './photos';

interface Pending {
  name: string;
  options: UploadOptions;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

/** An uploader the test drives by hand: report progress, finish or fail each upload when it wants. */
function manualUploader() {
  const pending: Pending[] = [];
  const uploader: Uploader = (_file, name, options = {}) =>
    new Promise((resolve, reject) => {
      const entry: Pending = { name, options, resolve: (id) => resolve({ id, url: `/f/${id}`, thumbUrl: `/f/${id}/thumb`, mime: 'image/jpeg', byteSize: 1, width: 1, height: 1 }), reject };
      options.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      pending.push(entry);
    });
  return { uploader, pending };
}

const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: 'image/png' });

function withScope<T>(fn: () => T): T {
  return effectScope().run(fn)!;
}

describe('photo uploads', () => {
  it('uploads each picked photo at once and reports its progress', async () => {
    const { uploader, pending } = manualUploader();
    const uploads = withScope(() => usePhotoUploads({ uploader }));
    expect(uploads.add([file('a.png'), file('b.png')])).toBe(0);
    expect(uploads.busy.value).toBe(true);
    pending[0]!.options.onProgress?.(0.5);
    expect(uploads.entries.value[0]!.progress).toBe(0.5);
    pending[0]!.resolve('id-a');
    pending[1]!.resolve('id-b');
    await nextTick();
    await Promise.resolve();
    expect(uploads.busy.value).toBe(false);
    expect(uploads.ids.value).toEqual(['id-a', 'id-b']);
  });

  it('keeps to the limit and says how many did not fit', () => {
    const { uploader } = manualUploader();
    const uploads = withScope(() => usePhotoUploads({ uploader, max: 3 }));
    expect(uploads.add([file('1'), file('2')])).toBe(0);
    expect(uploads.add([file('3'), file('4'), file('5')])).toBe(2);
    expect(uploads.entries.value).toHaveLength(3);
    expect(uploads.remaining.value).toBe(0);
  });

  it('cancels the upload of a removed photo and lets a failed one be retried', async () => {
    const { uploader, pending } = manualUploader();
    const uploads = withScope(() => usePhotoUploads({ uploader }));
    uploads.add([file('a.png'), file('b.png')]);
    const [a, b] = uploads.entries.value;
    uploads.remove(a!.key);
    expect(pending[0]!.options.signal?.aborted).toBe(true);
    expect(uploads.entries.value.map((e) => e.name)).toEqual(['b.png']);

    pending[1]!.reject(new ApiError(415, 'unsupported_media_type', '只能上传图片'));
    await Promise.resolve();
    await Promise.resolve();
    expect(uploads.entries.value[0]).toMatchObject({ status: 'failed', error: '只能上传图片' });
    expect(uploads.failed.value).toBe(true);

    uploads.retry(b!.key);
    expect(uploads.entries.value[0]!.status).toBe('uploading');
    pending[2]!.resolve('id-b');
    await Promise.resolve();
    await Promise.resolve();
    expect(uploads.ids.value).toEqual(['id-b']);
  });
});
