import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { errors } from './errors.js';

/**
 * Image intake. An upload is trusted by its content only: the leading bytes must be JPEG, PNG or WebP and the
 * image must decode completely. What is stored is sharp's re-encoding — turned upright by its EXIF orientation
 * and carrying no metadata (no GPS position, no camera serial, no trailing bytes a browser could sniff as HTML).
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

export const IMAGE_FORMATS: Record<ImageFormat, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
};

/** Refuses decompression bombs: a small file that would decode to gigabytes of pixels. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Thumbnails fit in this many pixels on the long side (list pages, phone timelines). */
export const THUMB_LONG_SIDE = 320;
export const THUMB_FORMAT: ImageFormat = 'webp';

export interface EncodedImage {
  format: ImageFormat;
  mime: string;
  ext: string;
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage extends EncodedImage {
  /** sha256 (hex) of the stored bytes. */
  sha256: string;
  thumb: EncodedImage;
}

/** The format named by the file's first bytes, whatever the client called it. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** Content type of a stored object, from the extension of its key (keys are written by the server). */
export function mimeOfKey(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1);
  const found = Object.values(IMAGE_FORMATS).find((f) => f.ext === ext);
  return found?.mime ?? 'application/octet-stream';
}

const unreadable = () =>
  errors.badRequest(
    'image_unreadable',
    '图片文件已损坏或不完整，无法读取，请重新选择',
    'The image is damaged or incomplete and cannot be read; please choose it again',
  );

/**
 * Decoding a large image takes a second of CPU and hundreds of MB; eight at once pushed the server to 470 MB. At most
 * DECODE_SLOTS decode together; the rest wait in line, and a line longer than DECODE_QUEUE is refused (429) rather
 * than letting memory grow with the crowd.
 */
export const DECODE_SLOTS = 2;
export const DECODE_QUEUE = 24;
let decoding = 0;
const waiting: (() => void)[] = [];

async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (decoding >= DECODE_SLOTS) {
    if (waiting.length >= DECODE_QUEUE) throw errors.rateLimited(5, '图片处理繁忙，请稍后再上传', 'Busy processing images; please upload again shortly');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    decoding++;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line, or give it back.
    const next = waiting.shift();
    if (next) next();
    else decoding--;
  }
}

/** Images being decoded now and waiting (for tests and metrics). */
export function decodeLoad(): { decoding: number; waiting: number } {
  return { decoding, waiting: waiting.length };
}

export async function processImage(input: Buffer, maxPixels = MAX_IMAGE_PIXELS): Promise<ProcessedImage> {
  return withDecodeSlot(() => decodeImage(input, maxPixels));
}

async function decodeImage(input: Buffer, maxPixels: number): Promise<ProcessedImage> {
  if (input.length === 0) throw errors.badRequest('file_empty', '上传的文件是空的', 'The uploaded file is empty');
  const format = sniffImageFormat(input);
  if (!format) throw errors.unsupportedMedia({ accepted: Object.values(IMAGE_FORMATS).map((f) => f.mime) });

  // The header alone: cheap, and enough to refuse a bomb before decoding any pixels.
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  if (meta.format !== format || !meta.width || !meta.height) throw unreadable();
  if (meta.width * meta.height > maxPixels) {
    const mp = Math.round(maxPixels / 1_000_000);
    throw errors.badRequest(
      'image_too_many_pixels',
      `图片尺寸过大（${meta.width}×${meta.height}），最多 ${mp} 百万像素`,
      `The image is too large (${meta.width}×${meta.height}); at most ${mp} megapixels`,
      { width: meta.width, height: meta.height, maxPixels },
    );
  }

  // One decode shared by both outputs; failOn 'error' refuses truncated and corrupt data.
  const upright = sharp(input, { failOn: 'error', limitInputPixels: maxPixels }).autoOrient();
  try {
    const [main, thumb] = await Promise.all([
      encode(upright.clone(), format),
      encode(upright.clone().resize(THUMB_LONG_SIDE, THUMB_LONG_SIDE, { fit: 'inside', withoutEnlargement: true }), THUMB_FORMAT),
    ]);
    return { ...main, sha256: createHash('sha256').update(main.bytes).digest('hex'), thumb };
  } catch {
    throw unreadable();
  }
}

/** Re-encode without metadata (sharp keeps none unless asked). */
async function encode(image: Sharp, format: ImageFormat): Promise<EncodedImage> {
  const encoder =
    format === 'jpeg'
      ? image.jpeg({ quality: 85, mozjpeg: true })
      : format === 'png'
        ? image.png({ compressionLevel: 8 })
        : image.webp({ quality: 82 });
  const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
  return { format, ...IMAGE_FORMATS[format], bytes: data, width: info.width, height: info.height };
}
