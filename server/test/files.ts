import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { App } from '../src/app.js';
import { bearer } from './app.js';

/** A multipart/form-data body, as a phone's upload sends it. */
export interface Part {
  name: string;
  data: Buffer | string;
  filename?: string;
  contentType?: string;
}

export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----lianxin${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.contentType ? `\r\nContent-Type: ${p.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const image = (file: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Part => ({ name: 'file', data: file, filename, contentType });

export const noisy = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: 'black', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });

/** Upload a small real JPEG as `token`'s user; returns the file's id and urls. */
export async function uploadPhoto(app: App, token: string): Promise<{ id: string; url: string; thumbUrl: string }> {
  const body = multipart([image(await noisy(64, 48).jpeg().toBuffer())]);
  const res = await app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...bearer(token), ...body.headers }, payload: body.payload });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json();
}
