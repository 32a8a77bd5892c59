import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { ImportReply, ImportYearBody, NationalReply, PutYearBody, YearParams, YearReply } from './national.schema.js';
import * as service from './national.service.js';

const tags = ['calendar'];

/** The national holiday schedule per year, under /api/v1/calendar/national. */
export const nationalCalendarRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/calendar/national',
    {
      schema: {
        tags,
        summary: 'Years of the national holiday schedule: where each came from, and the years not entered yet',
        response: { 200: NationalReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.listNational(ctx, principalOf(request)),
  );

  app.get(
    '/calendar/national/:year',
    {
      schema: {
        tags,
        summary: 'The holidays and make-up workdays of one year (entry null when the year is not entered)',
        params: YearParams,
        response: { 200: YearReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.getYear(ctx, principalOf(request), request.params.year),
  );

  app.put(
    '/calendar/national/:year',
    {
      schema: {
        tags,
        summary: "Enter or replace a year's holidays and make-up workdays (calendar.manage at a region); deadlines are counted again",
        params: YearParams,
        body: PutYearBody,
        response: { 200: YearReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.putYear(ctx, principalOf(request), actorOf(request), request.params.year, request.body),
  );

  app.post(
    '/calendar/national/:year/import',
    {
      schema: {
        tags,
        summary: "Import a year's holidays and make-up workdays from a small JSON or CSV file (or only check it, with preview)",
        params: YearParams,
        body: ImportYearBody,
        response: { 200: ImportReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.importYear(ctx, principalOf(request), actorOf(request), request.params.year, request.body),
  );
};
