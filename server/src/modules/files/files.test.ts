import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { image, multipart, noisy, type Part } from '../../../test/files.js';
import { files } from '../../db/schema/platform.js';

let t: TestApp;
let dataDir: string;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-files-'));
  // 1 MB makes the size limit cheap to reach.
  t = await createTestApp({ DATA_DIR: dataDir, MAX_UPLOAD_MB: '1' });
  const db = t.database.db;
  tree = await createOrgTree(db, 'F');
  await createUser(db, { username: 'f.res.a1', homeNodeId: tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: tree.unitA1.id }] });
  await createUser(db, { username: 'f.res.b1', homeNodeId: tree.gridB1.id, roles: [{ role: 'resident', orgNodeId: tree.gridB1.id }] });
  await createUser(db, { username: 'f.staff.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'f.staff.b', homeNodeId: tree.communityB.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] });
  await createUser(db, { username: 'f.grid.a1', homeNodeId: tree.communityA.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  await createUser(db, { username: 'f.noroles', homeNodeId: tree.communityA.id });
  for (const name of ['f.res.a1', 'f.res.b1', 'f.staff.a', 'f.staff.b', 'f.grid.a1', 'f.noroles']) {
    tokens[name] = await loginAs(t.app, name, TEST_PASSWORD);
  }
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function upload(as: string, parts: Part[]) {
  const body = multipart(parts);
  return t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...bearer(tokens[as]!), ...body.headers }, payload: body.payload });
}

/** A phone photo: 600×400 pixels stored sideways (EXIF orientation 6) with a GPS position. */
async function phoneJpegWithGps(): Promise<Buffer> {
  return noisy(600, 400)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 49/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '111/1 39/1 5/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Offset of the GPS sub-directory named in IFD0 of an EXIF block, or null when there is none. */
function gpsPointer(exif: Buffer | undefined): number | null {
  if (!exif) return null;
  const base = exif.subarray(0, 6).equals(Buffer.from('Exif\0\0')) ? 6 : 0;
  const le = exif.toString('latin1', base, base + 2) === 'II';
  const u16 = (o: number) => (le ? exif.readUInt16LE(base + o) : exif.readUInt16BE(base + o));
  const u32 = (o: number) => (le ? exif.readUInt32LE(base + o) : exif.readUInt32BE(base + o));
  const ifd0 = u32(4);
  for (let i = 0; i < u16(ifd0); i++) {
    const entry = ifd0 + 2 + i * 12;
    if (u16(entry) === 0x8825) return u32(entry + 8);
  }
  return null;
}

function storedFileCount(): number {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
}
const rowCount = async () => (await t.database.db.select({ id: files.id }).from(files)).length;

async function fetchBytes(as: string, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers: { ...bearer(tokens[as]!), ...headers } });
}

describe('POST /files', () => {
  it('accepts a phone JPEG: turned upright, GPS and all other metadata gone, with a smaller thumbnail', async () => {
    const original = await phoneJpegWithGps();
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(gpsPointer(before.exif)).not.toBeNull();

    const res = await upload('f.res.a1', [image(original, 'IMG_0001.JPG')]);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ mime: 'image/jpeg', width: 400, height: 600, url: `/api/v1/files/${body.id}`, thumbUrl: `/api/v1/files/${body.id}/thumb` });

    const stored = await fetchBytes('f.res.a1', body.url);
    expect(stored.statusCode).toBe(200);
    expect(stored.headers['content-type']).toBe('image/jpeg');
    expect(Number(stored.headers['content-length'])).toBe(body.byteSize);
    const after = await sharp(stored.rawPayload).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 400, height: 600 });
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(stored.rawPayload.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(stored.rawPayload.includes(Buffer.from('TestPhone'))).toBe(false);

    const thumb = await fetchBytes('f.res.a1', body.thumbUrl);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBe(320);
    expect(thumbMeta.height).toBeGreaterThan(thumbMeta.width!); // upright too
    expect(thumb.rawPayload.length).toBeLessThan(stored.rawPayload.length);
  });

  it('accepts PNG and WebP, judged by content whatever they are called', async () => {
    const png = await noisy(500, 300).png().toBuffer();
    const resPng = await upload('f.res.a1', [image(png, 'scan.jpg', 'application/octet-stream')]);
    expect(resPng.statusCode).toBe(201);
    expect(resPng.json()).toMatchObject({ mime: 'image/png', width: 500, height: 300 });

    const webp = await noisy(800, 800).webp().toBuffer();
    const resWebp = await upload('f.res.a1', [image(webp, 'x.png', 'image/png')]);
    expect(resWebp.statusCode).toBe(201);
    expect(resWebp.json()).toMatchObject({ mime: 'image/webp', width: 800, height: 800 });
    const got = await fetchBytes('f.res.a1', resWebp.json().url);
    expect(got.headers['content-type']).toBe('image/webp');
    expect((await sharp(got.rawPayload).metadata()).format).toBe('webp');
  });

  it('refuses forged, broken, oversized and bomb uploads with a clear code, storing nothing', async () => {
    const filesBefore = storedFileCount();
    const rowsBefore = await rowCount();
    const jpeg = await noisy(400, 300).jpeg().toBuffer();
    const cases: [Part[], number, string][] = [
      [[image(Buffer.from('just some notes\n'), 'notes.jpg')], 415, 'unsupported_media_type'],
      [[image(Buffer.from('<!doctype html><script>alert(1)</script>'), 'x.png', 'image/png')], 415, 'unsupported_media_type'],
      [[image(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg')], 400, 'image_unreadable'],
      [[image(Buffer.alloc(0), 'empty.jpg')], 400, 'file_empty'],
      [[image(Buffer.concat([jpeg.subarray(0, 4), randomBytes(1024 * 1024 + 10)]), 'huge.jpg')], 413, 'payload_too_large'],
      [[image(await sharp({ create: { width: 8000, height: 6000, channels: 3, background: 'white' } }).png().toBuffer(), 'bomb.png', 'image/png')], 400, 'image_too_many_pixels'],
      [[{ name: 'note', data: 'no file here' }], 400, 'file_missing'],
      [[image(jpeg), image(jpeg)], 400, 'one_file_per_upload'],
      [[{ ...image(jpeg), name: 'photo' }], 400, 'file_field_unknown'],
      [[{ name: 'nodeId', data: 'abc' }, image(jpeg)], 400, 'validation_failed'],
    ];
    for (const [parts, status, code] of cases) {
      const res = await upload('f.res.a1', parts);
      expect({ status: res.statusCode, code: errorCode(res) }).toEqual({ status, code });
      expect(res.json().error.message).toBeTruthy();
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: bearer(tokens['f.res.a1']!), payload: { file: 'x' } });
    expect(errorCode(json)).toBe('multipart_required');
    expect(storedFileCount()).toBe(filesBefore);
    expect(await rowCount()).toBe(rowsBefore);
  });

  it('answers in English when asked', async () => {
    const body = multipart([image(Buffer.from('hello'), 'a.jpg')]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...bearer(tokens['f.res.a1']!), ...body.headers, 'accept-language': 'en' },
      payload: body.payload,
    });
    expect(res.json().error.message).toBe('Only JPEG, PNG or WebP images are accepted');
  });

  it('needs a session and files.upload somewhere; a chosen node must be within reach', async () => {
    const jpeg = await noisy(100, 100).jpeg().toBuffer();
    const anonymous = multipart([image(jpeg)]);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: anonymous.headers, payload: anonymous.payload })).statusCode).toBe(401);
    expect(errorCode(await upload('f.noroles', [image(jpeg)]))).toBe('forbidden');
    expect((await upload('f.res.a1', [{ name: 'nodeId', data: String(tree.communityB.id) }, image(jpeg)])).statusCode).toBe(404);
  });
});

describe('GET /files/{id}', () => {
  it('shows a file nothing uses yet to its uploader only, and to nobody else (404)', async () => {
    const jpeg = await noisy(300, 200).jpeg().toBuffer();
    const res = await upload('f.grid.a1', [{ name: 'nodeId', data: String(tree.gridA1.id) }, image(jpeg)]);
    expect(res.statusCode).toBe(201);
    const { url, thumbUrl } = res.json();
    expect((await fetchBytes('f.grid.a1', url)).statusCode).toBe(200);
    // Staff of the community see files of the requests and rooms they may see (requests.scope.test), not uploads.
    for (const stranger of ['f.staff.a', 'f.res.a1', 'f.staff.b', 'f.res.b1']) {
      const other = await fetchBytes(stranger, url);
      expect(other.statusCode).toBe(404);
      expect(errorCode(other)).toBe('not_found');
      expect((await fetchBytes(stranger, thumbUrl)).statusCode).toBe(404);
    }
    expect((await fetchBytes('f.staff.a', '/api/v1/files/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await fetchBytes('f.staff.a', '/api/v1/files/not-a-uuid')).statusCode).toBe(400);
  });

  it('is privately cacheable and answers 304 to a matching If-None-Match', async () => {
    const res = await upload('f.res.a1', [image(await noisy(120, 90).jpeg().toBuffer())]);
    const first = await fetchBytes('f.res.a1', res.json().url);
    expect(first.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await fetchBytes('f.res.a1', res.json().url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect((await fetchBytes('f.res.a1', res.json().url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    // a stranger learns nothing from the ETag either
    expect((await fetchBytes('f.res.b1', res.json().url, { 'if-none-match': etag })).statusCode).toBe(404);
  });
});
