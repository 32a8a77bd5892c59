import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { createFileStore, type FileStore } from '../../platform/fileStore.js';
import { readImageUpload } from './files.multipart.js';
import { FileIdParams, FileReply, ImageResponse, NotModified, UploadBody } from './files.schema.js';
import * as service from './files.service.js';

export const fileRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const store = createFileStore(ctx.config);

  app.post(
    '/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Upload one image (multipart/form-data, field "file")',
        description: 'JPEG, PNG or WebP by content, up to MAX_UPLOAD_MB (413) and 40 megapixels (400); anything else is 415.',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: { 201: FileReply },
      },
      // The body is read and checked by readImageUpload; UploadBody only documents it.
      validatorCompiler: () => () => true,
      config: { rateLimit: 'upload' },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const file = await service.upload(ctx, store, principalOf(request), actorOf(request), () => readImageUpload(request));
      return reply.status(201).send(file);
    },
  );

  for (const variant of ['original', 'thumb'] as const) {
    app.get(
      variant === 'thumb' ? '/files/:id/thumb' : '/files/:id',
      {
        schema: {
          tags: ['files'],
          summary: variant === 'thumb' ? 'The thumbnail of an image' : 'The image',
          params: FileIdParams,
          produces: Object.keys(ImageResponse.content),
          response: { 200: ImageResponse, 304: NotModified },
        },
        preHandler: app.requireUser,
      },
      async (request, reply) => {
        const file = await service.locate(ctx, principalOf(request), request.params.id, variant);
        return sendStored(request, reply, store, file);
      },
    );
  }
};

/** Stream a stored object with headers for a private, immutable resource; honour If-None-Match. */
async function sendStored(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  file: { key: string; mime: string; etag: string },
) {
  reply
    .header('etag', file.etag)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', 'inline');
  if (etagMatches(request.headers['if-none-match'], file.etag)) return reply.status(304).send();
  const object = await store.get(file.key);
  if (!object) {
    request.log.error({ key: file.key }, 'file row without stored bytes');
    throw errors.notFound();
  }
  return reply.type(file.mime).header('content-length', object.size).send(object.body);
}

/** If-None-Match may list several tags, weak ones included (W/"…"). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
