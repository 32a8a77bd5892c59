import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { errors } from '../../platform/errors.js';

/**
 * A registry sheet arrives as multipart: the file in "file" (streamed to disk, never held in memory) and the
 * community in "nodeId" (its org node id). Past `maxBytes` the upload stops and is refused with import_file_too_large.
 */
export async function receiveSheet(request: FastifyRequest, target: string, maxBytes: number): Promise<{ name: string | null; communityId: number | null; bytes: number }> {
  if (!request.isMultipart()) {
    throw errors.badRequest('multipart_required', '请以 multipart/form-data 方式上传，文件放在 file 字段', 'Send the sheet as multipart/form-data in a field named "file"');
  }
  let name: string | null | undefined;
  let communityId: number | null = null;
  let bytes = 0;
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw errors.badRequest('file_field_unknown', '文件请放在 file 字段', `Put the file in the field "file", not "${part.fieldname}"`);
      part.file.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await pipeline(part.file, fs.createWriteStream(target, { mode: 0o640 }));
      if (part.file.truncated) {
        const mb = Math.floor(maxBytes / 1024 / 1024);
        throw errors.badRequest('import_file_too_large', `文件超过 ${mb} MB，请拆分后分批导入`, `The file is larger than ${mb} MB; split it and import the parts`, { maxBytes });
      }
      // eslint-disable-next-line no-control-regex
      name = (part.filename ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || null;
    } else if (part.fieldname === 'nodeId') {
      const raw = String(part.value).trim();
      if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) {
        throw errors.badRequest('validation_failed', '请求内容不符合要求：nodeId', 'The request is not valid: nodeId', [{ field: 'nodeId', problem: 'must be a positive whole number' }]);
      }
      communityId = Number(raw);
    }
  }
  if (name === undefined) throw errors.badRequest('file_missing', '请选择要导入的 .xlsx 文件（file 字段）', 'Attach the .xlsx file in a field named "file"');
  return { name, communityId, bytes };
}
