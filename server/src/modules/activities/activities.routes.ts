import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import { sendXlsx } from '../requests/ledger/routes.js';
import * as activities from './activities.service.js';
import {
  ActivityBody,
  ActivityCard,
  ActivityDetail,
  ActivityList,
  ActivityListQuery,
  ActivityPatch,
  AdjustBody,
  ApproveReply,
  CheckBody,
  ConfirmReply,
  CreatedActivities,
  ExportQuery,
  HourEntry,
  HourEntryList,
  HourEntryQuery,
  IdsBody,
  MyHours,
  OpenListQuery,
  PageQuery,
  QrReply,
  ReasonBody,
  SignupList,
  SignupParams,
  TokenParams,
  XlsxFile,
} from './activities.schema.js';
import { exportHours } from './export.js';
import * as hours from './hours.service.js';
import { registerActivityJobs } from './jobs.js';
import * as signups from './signups.service.js';

/**
 * Volunteer activities and service hours (docs/adr/0023) under /api/v1/activities and /api/v1/hour-entries. The
 * console routes need volunteers.read / volunteers.manage at the activity's node; the phone routes (open list,
 * card, sign-up, check-in, my hours) go by the signed-in user's own volunteer record.
 */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export const activitiesRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['activities'];
  registerActivityJobs(ctx);
  const user = { preHandler: app.requireUser };

  app.get('/activities', { schema: { tags, summary: 'Activities in the caller’s reach, by node, dates and title', querystring: ActivityListQuery, response: { 200: ActivityList } }, ...user }, async (r) =>
    activities.listActivities(ctx, principalOf(r), r.query),
  );
  app.post(
    '/activities',
    { schema: { tags, summary: 'Publish an activity (weekly for N weeks with repeatWeeks)', body: ActivityBody, response: { 201: CreatedActivities } }, ...user },
    async (r, reply) => reply.status(201).send(await activities.createActivity(ctx, principalOf(r), actorOf(r), r.body)),
  );
  app.get(
    '/activities/open',
    { schema: { tags, summary: 'Phone: published activities not yet over; with lng/lat, those nearby, nearest first', querystring: OpenListQuery, response: { 200: ActivityList } }, ...user },
    async (r) => activities.listOpen(ctx, principalOf(r), r.query),
  );
  app.get(
    '/activities/checkin/:token',
    { schema: { tags, summary: 'Phone: the activity behind a check-in QR code and the caller’s state there', params: TokenParams, response: { 200: ActivityCard } }, ...user },
    async (r) => signups.checkinStatus(ctx, principalOf(r), r.params.token),
  );
  app.post(
    '/activities/checkin/:token',
    { schema: { tags, summary: 'Phone: check in (from 30 min before the start to the end) or out (after check-in)', params: TokenParams, body: CheckBody, response: { 200: ActivityCard } }, ...user },
    async (r) => signups.checkBySelf(ctx, principalOf(r), actorOf(r), r.params.token, r.body.action),
  );
  app.get('/activities/:id', { schema: { tags, summary: 'One activity (organiser’s view)', params: IdParams, response: { 200: ActivityDetail } }, ...user }, async (r) =>
    activities.getActivity(ctx, principalOf(r), r.params.id),
  );
  app.patch(
    '/activities/:id',
    { schema: { tags, summary: 'Edit an occurrence (a larger capacity promotes the waitlisted)', params: IdParams, body: ActivityPatch, response: { 200: ActivityDetail } }, ...user },
    async (r) => activities.editActivity(ctx, principalOf(r), actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/activities/:id/cancel',
    { schema: { tags, summary: 'Cancel an occurrence; the signed-up and waitlisted are notified', params: IdParams, body: ReasonBody, response: { 200: ActivityDetail } }, ...user },
    async (r) => activities.cancelActivity(ctx, principalOf(r), actorOf(r), r.params.id, r.body.reason),
  );
  app.post(
    '/activities/:id/token',
    { schema: { tags, summary: 'Replace the check-in QR token (the old code stops working)', params: IdParams, response: { 200: ActivityDetail } }, ...user },
    async (r) => activities.rotateToken(ctx, principalOf(r), actorOf(r), r.params.id),
  );
  app.get(
    '/activities/:id/qr',
    { schema: { tags, summary: 'The activity’s check-in QR code (SVG), for the organiser to show', params: IdParams, response: { 200: QrReply } }, ...user },
    async (r) => activities.activityQr(ctx, principalOf(r), r.params.id, originOf(r)),
  );
  app.get('/activities/:id/card', { schema: { tags, summary: 'Phone: one activity with the caller’s sign-up', params: IdParams, response: { 200: ActivityCard } }, ...user }, async (r) =>
    signups.activityCard(ctx, principalOf(r), r.params.id),
  );
  app.post(
    '/activities/:id/signup',
    { schema: { tags, summary: 'Phone: sign up with one’s own volunteer record (waitlisted when full)', params: IdParams, response: { 200: ActivityCard } }, ...user },
    async (r) => signups.signUpSelf(ctx, principalOf(r), actorOf(r), r.params.id),
  );
  app.post(
    '/activities/:id/signup/cancel',
    { schema: { tags, summary: 'Phone: cancel one’s own sign-up before the start (if the activity allows it)', params: IdParams, response: { 200: ActivityCard } }, ...user },
    async (r) => signups.cancelOwnSignup(ctx, principalOf(r), actorOf(r), r.params.id),
  );
  app.get('/activities/:id/signups', { schema: { tags, summary: 'Sign-ups of an activity (mobile masked)', params: IdParams, response: { 200: SignupList } }, ...user }, async (r) =>
    signups.listSignups(ctx, principalOf(r), r.params.id),
  );
  app.post(
    '/activities/:id/signups/:signupId/remove',
    { schema: { tags, summary: 'The organiser removes a volunteer', params: SignupParams, body: ReasonBody, response: { 200: SignupList } }, ...user },
    async (r) => signups.removeSignup(ctx, principalOf(r), actorOf(r), r.params.id, r.params.signupId, r.body.reason),
  );
  app.post(
    '/activities/:id/signups/:signupId/check',
    { schema: { tags, summary: 'The organiser checks a volunteer in or out', params: SignupParams, body: CheckBody, response: { 200: SignupList } }, ...user },
    async (r) => signups.checkByOrganiser(ctx, principalOf(r), actorOf(r), r.params.id, r.params.signupId, r.body.action),
  );

  app.get('/hour-entries', { schema: { tags, summary: 'Hour entries in the caller’s reach', querystring: HourEntryQuery, response: { 200: HourEntryList } }, ...user }, async (r) =>
    hours.listEntries(ctx, principalOf(r), r.query),
  );
  app.get('/hour-entries/mine', { schema: { tags, summary: 'Phone: my hour entries and confirmed total', querystring: PageQuery, response: { 200: MyHours } }, ...user }, async (r) =>
    hours.myHours(ctx, principalOf(r), r.query),
  );
  app.get(
    '/hour-entries/approvals',
    { schema: { tags, summary: 'Late records awaiting approval at nodes below the caller’s', querystring: PageQuery, response: { 200: HourEntryList } }, ...user },
    async (r) => hours.approvalQueue(ctx, principalOf(r), r.query),
  );
  app.get(
    '/hour-entries/export',
    { schema: { tags, summary: 'A node’s hour entries as .xlsx', querystring: ExportQuery, produces: Object.keys(XlsxFile.content), response: { 200: XlsxFile } }, config: { rateLimit: 'export' }, ...user },
    async (r, reply) => sendXlsx(reply, await exportHours(ctx, principalOf(r), actorOf(r), r.query)),
  );
  app.post(
    '/hour-entries/confirm',
    { schema: { tags, summary: 'Confirm records (bulk); after the 10-working-day window they await approval', body: IdsBody, response: { 200: ConfirmReply } }, ...user },
    async (r) => hours.confirmEntries(ctx, principalOf(r), actorOf(r), r.body.ids),
  );
  app.post(
    '/hour-entries/approve',
    { schema: { tags, summary: 'Approve late records: volunteers.manage at a node above theirs', body: IdsBody, response: { 200: ApproveReply } }, ...user },
    async (r) => hours.approveEntries(ctx, principalOf(r), actorOf(r), r.body.ids),
  );
  app.post(
    '/hour-entries/:id/adjust',
    { schema: { tags, summary: 'Adjust a record’s minutes with a reason: writes a correction entry', params: IdParams, body: AdjustBody, response: { 200: HourEntry } }, ...user },
    async (r) => hours.adjustEntry(ctx, principalOf(r), actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/hour-entries/:id/reject',
    { schema: { tags, summary: 'Reject a pending (or, above, an awaiting) record', params: IdParams, body: ReasonBody, response: { 200: HourEntry } }, ...user },
    async (r) => hours.rejectEntry(ctx, principalOf(r), actorOf(r), r.params.id, r.body.reason),
  );
};
