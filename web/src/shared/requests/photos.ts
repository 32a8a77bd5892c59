import { computed, onScopeDispose, reactive, ref } from 'vue';
import { errorMessage, uploadImage } from '../api';
import type { Uploader, UploadedFile } from '../api/upload';
import { i18n } from '../i18n';

/** The server keeps at most nine photos per request or step. */
export const MAX_PHOTOS = 9;

export interface PhotoEntry {
  key: string;
  name: string;
  /** A local object URL, so the picture shows at once, before the upload finishes. */
  preview: string;
  /** 0–1 */
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  uploaded: UploadedFile | null;
  error: string | null;
}

let counter = 0;

function previewOf(file: File): string {
  return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : '';
}

function release(entry: PhotoEntry): void {
  if (entry.preview && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(entry.preview);
}

/**
 * Photos attached to a report or a handling step: each file starts uploading as soon as it is picked, shows its
 * progress, can be removed (cancelling its upload) or retried. The form sends `ids` once nothing is `busy`.
 */
export function usePhotoUploads(options: { max?: number; uploader?: Uploader; nodeId?: () => number | undefined } = {}) {
  const max = options.max ?? MAX_PHOTOS;
  const uploader = options.uploader ?? uploadImage;
  const entries = ref<PhotoEntry[]>([]);
  const files = new Map<string, File>();
  const controllers = new Map<string, AbortController>();

  const ids = computed(() => entries.value.filter((e) => e.status === 'done' && e.uploaded).map((e) => e.uploaded!.id));
  const busy = computed(() => entries.value.some((e) => e.status === 'uploading'));
  const failed = computed(() => entries.value.some((e) => e.status === 'failed'));
  const remaining = computed(() => Math.max(0, max - entries.value.length));

  function start(entry: PhotoEntry): void {
    const file = files.get(entry.key);
    if (!file) return;
    const controller = new AbortController();
    controllers.set(entry.key, controller);
    entry.status = 'uploading';
    entry.progress = 0;
    entry.error = null;
    uploader(file, file.name || 'photo.jpg', {
      signal: controller.signal,
      nodeId: options.nodeId?.(),
      onProgress: (fraction) => {
        entry.progress = fraction;
      },
    })
      .then((uploaded) => {
        entry.uploaded = uploaded;
        entry.status = 'done';
        entry.progress = 1;
      })
      .catch((error: unknown) => {
        // Removed while uploading: the entry is gone, nothing to report.
        if (error instanceof DOMException && error.name === 'AbortError') return;
        entry.status = 'failed';
        entry.error = errorMessage(error, i18n.global.t('errors.unknown'));
      })
      .finally(() => controllers.delete(entry.key));
  }

  /** Start uploading picked files; returns how many did not fit under the limit. */
  function add(picked: Iterable<File>): number {
    const list = [...picked];
    const room = remaining.value;
    for (const file of list.slice(0, room)) {
      const key = `p${++counter}`;
      files.set(key, file);
      const entry = reactive<PhotoEntry>({
        key,
        name: file.name,
        preview: previewOf(file),
        progress: 0,
        status: 'uploading',
        uploaded: null,
        error: null,
      });
      entries.value.push(entry);
      start(entry);
    }
    return Math.max(0, list.length - room);
  }

  function remove(key: string): void {
    controllers.get(key)?.abort();
    const entry = entries.value.find((e) => e.key === key);
    if (entry) release(entry);
    files.delete(key);
    entries.value = entries.value.filter((e) => e.key !== key);
  }

  function retry(key: string): void {
    const entry = entries.value.find((e) => e.key === key);
    if (entry && entry.status === 'failed') start(entry);
  }

  function reset(): void {
    for (const entry of [...entries.value]) remove(entry.key);
  }

  onScopeDispose(reset);

  return { entries, ids, busy, failed, remaining, max, add, remove, retry, reset };
}

export type PhotoUploads = ReturnType<typeof usePhotoUploads>;
