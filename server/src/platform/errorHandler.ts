import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors, pickLanguage } from './errors.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const missing = issue.params?.missingProperty ?? issue.params?.requiredProperty ?? issue.params?.additionalProperty;
  const base = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const field = [base, typeof missing === 'string' ? missing : ''].filter(Boolean).join('.');
  return field || context || 'body';
}

export function renderError(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const lang = pickLanguage(request.headers['accept-language']);
  const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (err.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.status(err.status).send({
    error: {
      code: err.code,
      message: err.messages[lang],
      messages: err.messages,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  });
}

/** One handler for every error: stable codes for clients, no internals leaked on 5xx. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'server error');
      return renderError(request, reply, error);
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const fields = (fe.validation as ValidationIssue[]).map((v) => ({
        field: fieldOf(v, fe.validationContext),
        rule: v.keyword,
        problem: v.message,
      }));
      const list = fields.map((f) => f.field).join(', ');
      return renderError(
        request,
        reply,
        errors.validation(fields, {
          zh: `请求内容不符合要求：${list}`,
          en: `The request is not valid: ${list}`,
        }),
      );
    }
    const status = fe.statusCode ?? 500;
    if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_FILES_LIMIT') {
      return renderError(request, reply, errors.payloadTooLarge());
    }
    if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return renderError(
        request,
        reply,
        new AppError(415, 'unsupported_content_type', { zh: '不支持的请求内容类型', en: 'Unsupported content type' }),
      );
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty body and similar client mistakes Fastify detects itself.
      return renderError(
        request,
        reply,
        new AppError(status, status === 400 ? 'bad_request' : 'client_error', {
          zh: '请求格式有误',
          en: `The request could not be read: ${fe.message}`,
        }),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return renderError(request, reply, errors.internal());
  });
}
