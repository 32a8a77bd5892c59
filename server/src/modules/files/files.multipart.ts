import type { FastifyRequest } from 'fastify';
import { errors } from '../../platform/errors.js';
import type { ImageUpload } from './files.service.js';

/**
 * Read a multipart upload: exactly one file, in the field "file", plus an optional "nodeId" field. The file is
 * buffered up to MAX_UPLOAD_MB; a larger one stops the read with 413 payload_too_large.
 */
export async function readImageUpload(request: FastifyRequest): Promise<ImageUpload> {
  if (!request.isMultipart()) {
    throw errors.badRequest(
      'multipart_required',
      '请以 multipart/form-data 方式上传，图片放在 file 字段',
      'Send the image as multipart/form-data in a field named "file"',
    );
  }
  let file: { bytes: Buffer; filename: string | null } | null = null;
  let nodeId: number | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        throw errors.badRequest('file_field_unknown', '图片请放在 file 字段', `Put the image in the field "file", not "${part.fieldname}"`);
      }
      if (file) throw errors.badRequest('one_file_per_upload', '每次只能上传一张图片', 'Upload one image per request');
      file = { bytes: await part.toBuffer(), filename: cleanFilename(part.filename) };
    } else if (part.fieldname === 'nodeId') {
      const raw = String(part.value).trim();
      if (!/^[1-9]\d{0,9}$/.test(raw)) {
        throw errors.badRequest('validation_failed', '请求内容不符合要求：nodeId', 'The request is not valid: nodeId', [
          { field: 'nodeId', problem: 'must be a positive whole number' },
        ]);
      }
      nodeId = Number(raw);
    }
  }
  if (!file) throw errors.badRequest('file_missing', '请选择要上传的图片（file 字段）', 'Attach the image in a field named "file"');
  return { ...file, nodeId };
}

/** Keep the name for display only: no directories, no control characters, at most 200 characters. */
function cleanFilename(name: string | undefined): string | null {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base ? base.slice(0, 200) : null;
}
