import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { errors } from '../../../platform/errors.js';

export interface ReceivedUpload {
  /** The name the browser gave, for display only (no directories, no control characters). */
  name: string | null;
  nodeId: number | null;
}

/**
 * Read a multipart upload: one file in the field "file", streamed to `target` (never held in memory), and the
 * "nodeId" field. Larger than MAX_UPLOAD_MB is 413 payload_too_large.
 */
export async function receiveUpload(request: FastifyRequest, target: string): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw errors.badRequest('multipart_required', '请以 multipart/form-data 方式上传，文件放在 file 字段', 'Send the sheet as multipart/form-data in a field named "file"');
  }
  let name: string | null | undefined;
  let nodeId: number | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        throw errors.badRequest('file_field_unknown', '文件请放在 file 字段', `Put the file in the field "file", not "${part.fieldname}"`);
      }
      if (name !== undefined) throw errors.badRequest('one_file_per_upload', '每次只能导入一个文件', 'Import one file per request');
      await pipeline(part.file, fs.createWriteStream(target, { mode: 0o640 }));
      if (part.file.truncated) throw errors.payloadTooLarge();
      // eslint-disable-next-line no-control-regex
      name = (part.filename ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || null;
    } else if (part.fieldname === 'nodeId') {
      const raw = String(part.value).trim();
      if (!/^[1-9]\d{0,9}$/.test(raw)) {
        throw errors.badRequest('validation_failed', '请求内容不符合要求：nodeId', 'The request is not valid: nodeId', [{ field: 'nodeId', problem: 'must be a positive whole number' }]);
      }
      nodeId = Number(raw);
    }
  }
  if (name === undefined) throw errors.badRequest('file_missing', '请选择要导入的 .xlsx 或 .csv 文件（file 字段）', 'Attach the .xlsx or .csv file in a field named "file"');
  return { name, nodeId };
}
