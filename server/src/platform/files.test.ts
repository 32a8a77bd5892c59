import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { mimeOfKey, processImage, sniffImageFormat } from './files.js';

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: { r: 10, g: 120, b: 200, alpha: 0.5 } } });

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return { status: (err as AppError).status, code: (err as AppError).code };
}

describe('image intake', () => {
  it('recognises the three formats by their first bytes only', async () => {
    expect(sniffImageFormat(await solid(4, 4).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageFormat(await solid(4, 4).png().toBuffer())).toBe('png');
    expect(sniffImageFormat(await solid(4, 4).webp().toBuffer())).toBe('webp');
    expect(sniffImageFormat(await solid(4, 4).gif().toBuffer())).toBeNull();
    expect(sniffImageFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeNull();
  });

  it('refuses GIF and SVG even though sharp could read them', async () => {
    expect(await refusal(processImage(await solid(10, 10).gif().toBuffer()))).toEqual({ status: 415, code: 'unsupported_media_type' });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect(await refusal(processImage(svg))).toEqual({ status: 415, code: 'unsupported_media_type' });
  });

  it('keeps PNG transparency and drops its metadata', async () => {
    const png = await solid(64, 48).png().withExif({ IFD0: { Artist: 'Somebody', ImageDescription: 'home address' } }).toBuffer();
    expect((await sharp(png).metadata()).exif).toBeDefined();
    const out = await processImage(png);
    expect(out).toMatchObject({ format: 'png', mime: 'image/png', width: 64, height: 48 });
    const meta = await sharp(out.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.hasAlpha).toBe(true);
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.thumb).toMatchObject({ format: 'webp', width: 64, height: 48 }); // never enlarged
  });

  it('refuses more pixels than the limit before decoding them', async () => {
    const png = await solid(300, 200).png().toBuffer();
    expect(await refusal(processImage(png, 50_000))).toEqual({ status: 400, code: 'image_too_many_pixels' });
    expect((await processImage(png, 60_000)).width).toBe(300);
  });

  it('names the content type of a stored key by its extension', () => {
    expect(mimeOfKey('ab/cd/x.thumb.webp')).toBe('image/webp');
    expect(mimeOfKey('ab/cd/x.jpg')).toBe('image/jpeg');
    expect(mimeOfKey('ab/cd/x.bin')).toBe('application/octet-stream');
  });
});
