import { Type } from 'typebox';

export const FileReply = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'GET it for the image (owner and users who can see its org node)' }),
  thumbUrl: Type.String({ description: `A WebP thumbnail, at most 320 px on the long side` }),
  mime: Type.String({ enum: ['image/jpeg', 'image/png', 'image/webp'] }),
  byteSize: Type.Integer({ description: 'Size of the stored image, after metadata was stripped' }),
  width: Type.Integer(),
  height: Type.Integer(),
});

export const FileIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * For the OpenAPI document only: the route streams and checks the multipart body itself (content sniffing,
 * size and pixel limits), so Fastify does not validate it against this.
 */
export const UploadBody = Type.Object({
  file: Type.String({
    format: 'binary',
    description: 'One JPEG, PNG or WebP image. The content decides, not the file name or declared type. Location and other metadata are removed.',
  }),
  nodeId: Type.Optional(
    Type.Integer({ description: 'The org node the image belongs to (must be one where you may upload); default: your home node' }),
  ),
});

const binary = Type.String({ format: 'binary' });

export const ImageResponse = {
  description: 'The image bytes; cacheable privately for a year (a file id never changes content)',
  content: { 'image/jpeg': { schema: binary }, 'image/png': { schema: binary }, 'image/webp': { schema: binary } },
};

export const NotModified = { description: 'Not modified (If-None-Match matched the ETag)', type: 'null' };
