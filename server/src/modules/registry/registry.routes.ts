import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import { accessLog } from './accessLog.service.js';
import { ETHNICITIES } from './ethnicities.js';
import { viewFull } from './fullView.js';
import * as households from './households.service.js';
import * as persons from './persons.service.js';
import {
  CloseHouseholdBody,
  CreateHouseholdBody,
  CreatePersonBody,
  Ethnicities,
  FullViewBody,
  HouseholdDetail,
  HouseholdList,
  HouseholdListQuery,
  MovePersonBody,
  PatchHouseholdBody,
  PatchPersonBody,
  PersonDetail,
  PersonFullView,
  PersonList,
  PersonListQuery,
} from './registry.schema.js';
import { AccessLog, AccessLogQuery, CareTag, CreateTagBody, GiveTagBody, PatchTagBody, PersonTagParams, TagList, TagListQuery } from './tags.schema.js';
import * as tags from './tags.service.js';
import { seedDefaultTags } from './tags.repo.js';

/**
 * The resident registry 实有人口 under /api/v1/registry: persons, households, care tags and the access review.
 * The plugin seeds the default care tags at the root region and registers the tag-retention job.
 */
export const registryRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  tags.registerTagJobs(ctx);
  app.addHook('onReady', async () => {
    await seedDefaultTags(ctx.db, ctx.clock.now());
  });
  const t = ['registry'];
  const auth = { preHandler: app.requireUser };

  app.get('/registry/ethnicities', { schema: { tags: t, summary: 'The 56 ethnic groups and 其他', response: { 200: Ethnicities } }, ...auth }, async () => ({
    items: [...ETHNICITIES],
  }));

  app.get(
    '/registry/persons',
    { schema: { tags: t, summary: 'People in my reach, masked; filters by place, tags, age (computed today), living alone, status', querystring: PersonListQuery, response: { 200: PersonList } }, ...auth },
    async (request) => persons.listPersons(ctx, principalOf(request), request.query),
  );
  app.post(
    '/registry/persons',
    { schema: { tags: t, summary: 'Register a person in a household (ID numbers checked and stored encrypted)', body: CreatePersonBody, response: { 201: PersonDetail } }, ...auth },
    async (request, reply) => reply.status(201).send(await persons.createPerson(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/registry/persons/:id',
    { schema: { tags: t, summary: 'A person, masked, with the stays in households', params: IdParams, response: { 200: PersonDetail } }, ...auth },
    async (request) => persons.getPerson(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/registry/persons/:id',
    { schema: { tags: t, summary: 'Correct a person’s record', params: IdParams, body: PatchPersonBody, response: { 200: PersonDetail } }, ...auth },
    async (request) => persons.updatePerson(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/registry/persons/:id/move',
    { schema: { tags: t, summary: 'Move a person (within, into or out of the area; or record a death): closes the stay, opens a new one', params: IdParams, body: MovePersonBody, response: { 200: PersonDetail } }, ...auth },
    async (request) => persons.movePerson(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/registry/persons/:id/full-view',
    { schema: { tags: t, summary: 'The full ID number, mobile, registered address and tag details (personal.view_full, a reason); audited', params: IdParams, body: FullViewBody, response: { 200: PersonFullView } }, ...auth },
    async (request) => viewFull(ctx, principalOf(request), actorOf(request), request.params.id, request.body.reason),
  );
  app.post(
    '/registry/persons/:id/tags',
    { schema: { tags: t, summary: 'Give a person a care tag', params: IdParams, body: GiveTagBody, response: { 200: PersonDetail } }, ...auth },
    async (request) => {
      const principal = principalOf(request);
      const person = await persons.readablePerson(ctx, principal, request.params.id);
      await tags.giveTag(ctx, principal, actorOf(request), person, request.body);
      return persons.getPerson(ctx, principal, person.id);
    },
  );
  app.post(
    '/registry/persons/:id/tags/:tagId/remove',
    { schema: { tags: t, summary: 'End a care tag (kept for its retention, then erased)', params: PersonTagParams, response: { 200: PersonDetail } }, ...auth },
    async (request) => {
      const principal = principalOf(request);
      const person = await persons.readablePerson(ctx, principal, request.params.id);
      await tags.removeTag(ctx, principal, actorOf(request), person, request.params.tagId);
      return persons.getPerson(ctx, principal, person.id);
    },
  );

  app.get(
    '/registry/households',
    { schema: { tags: t, summary: 'Households in my reach', querystring: HouseholdListQuery, response: { 200: HouseholdList } }, ...auth },
    async (request) => households.listHouseholds(ctx, principalOf(request), request.query),
  );
  app.post(
    '/registry/households',
    { schema: { tags: t, summary: 'Open a household at a unit, building or village community', body: CreateHouseholdBody, response: { 201: HouseholdDetail } }, ...auth },
    async (request, reply) => reply.status(201).send(await households.createHousehold(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/registry/households/:id',
    { schema: { tags: t, summary: 'A household: members, every stay (also of people who moved out), place', params: IdParams, response: { 200: HouseholdDetail } }, ...auth },
    async (request) => households.getHousehold(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/registry/households/:id',
    { schema: { tags: t, summary: 'Change a household’s place, door, number or note', params: IdParams, body: PatchHouseholdBody, response: { 200: HouseholdDetail } }, ...auth },
    async (request) => households.updateHousehold(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/registry/households/:id/close',
    { schema: { tags: t, summary: 'Close a household nobody lives in any more', params: IdParams, body: Type.Optional(CloseHouseholdBody), response: { 200: HouseholdDetail } }, ...auth },
    async (request) => households.closeHousehold(ctx, principalOf(request), actorOf(request), request.params.id, request.body?.note),
  );

  app.get(
    '/registry/tags',
    { schema: { tags: t, summary: 'Care tags I may see (configured at the place or above)', querystring: TagListQuery, response: { 200: TagList } }, ...auth },
    async (request) => tags.listTags(ctx, principalOf(request), request.query),
  );
  app.post(
    '/registry/tags',
    { schema: { tags: t, summary: 'Add a care tag at a node (registry.configure)', body: CreateTagBody, response: { 201: CareTag } }, ...auth },
    async (request, reply) => reply.status(201).send(await tags.createTag(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/registry/tags/:id',
    { schema: { tags: t, summary: 'Change a care tag: sensitivity, roles, purpose, retention, detail fields, archive', params: IdParams, body: PatchTagBody, response: { 200: CareTag } }, ...auth },
    async (request) => tags.updateTag(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/registry/access-log',
    { schema: { tags: t, summary: 'Who viewed whose full record, when and why (audit.read or registry.configure)', querystring: AccessLogQuery, response: { 200: AccessLog } }, ...auth },
    async (request) => accessLog(ctx, principalOf(request), request.query),
  );
};
