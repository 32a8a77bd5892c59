import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { Id, IdParams } from '../../platform/schema.js';
import * as certs from './certificates.service.js';
import * as recog from './recognitions.service.js';
import * as stars from './stars.js';
import * as teams from './teams.service.js';
import * as vols from './volunteers.service.js';
import {
  AddMemberBody,
  Certificate,
  CertificateBody,
  CertificateList,
  CertificateQr,
  CertificateListQuery,
  Correction,
  CorrectionBody,
  CorrectionList,
  CorrectionListQuery,
  DecisionBody,
  FullViewBody,
  JoinByCodeBody,
  MemberRoleBody,
  MyVolunteer,
  ObjectionBody,
  PatchTeamBody,
  PatchVolunteerBody,
  PublicCertificate,
  PublicRecognitionList,
  PublicRecognitionQuery,
  RecognitionBody,
  RecognitionDetail,
  RecognitionEntriesBody,
  RecognitionList,
  RecognitionListQuery,
  RecordChangeList,
  RegisterBody,
  RegisterSelfBody,
  RevokeBody,
  SerialParams,
  StarSetting,
  StarSettingBody,
  StarSettingQuery,
  StatusBody,
  TeamBody,
  TeamDetail,
  TeamList,
  TeamListQuery,
  TeamMemberParams,
  VolunteerDetail,
  VolunteerFullView,
  VolunteerList,
  VolunteerListQuery,
} from './volunteers.schema.js';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const Ok = Type.Object({ ok: Type.Boolean() });
const NodeParams = Type.Object({ nodeId: Id() });

/**
 * Volunteers 志愿者 (docs/adr/0022) under /api/v1: records, corrections, star settings (/volunteers), teams
 * (/volunteer-teams), recognition lists (/recognitions), certificates (/certificates) and the public look-ups
 * (/public/certificates/:serial, /public/recognitions) that need no sign-in.
 */
export const volunteersRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  recog.registerRecognitionJobs(ctx);
  const auth = { preHandler: app.requireUser };
  const tv = ['volunteers'];

  // Records
  app.get('/volunteers', { schema: { tags: tv, summary: 'Volunteers in my reach (volunteers.read), masked; search by name, pinyin, number or ID', querystring: VolunteerListQuery, response: { 200: VolunteerList } }, ...auth }, async (req) =>
    vols.listVolunteers(ctx, principalOf(req), req.query),
  );
  app.post('/volunteers', { schema: { tags: tv, summary: 'Register a volunteer (volunteers.manage over the residence)', body: RegisterBody, response: { 201: VolunteerDetail } }, ...auth }, async (req, reply) => {
    const p = principalOf(req);
    const id = await vols.registerVolunteer(ctx, p, actorOf(req), req.body, false);
    return reply.status(201).send(await vols.getVolunteer(ctx, p, id));
  });
  app.get('/volunteers/me', { schema: { tags: tv, summary: 'My volunteer record with stars and teams, or what the registry prefills', response: { 200: MyVolunteer } }, ...auth }, async (req) =>
    vols.getMine(ctx, principalOf(req)),
  );
  app.post('/volunteers/me', { schema: { tags: tv, summary: 'Register myself as a volunteer', body: RegisterSelfBody, response: { 201: VolunteerDetail } }, ...auth }, async (req, reply) => {
    const p = principalOf(req);
    const id = await vols.registerVolunteer(ctx, p, actorOf(req), req.body, true);
    return reply.status(201).send(await vols.getVolunteer(ctx, p, id));
  });
  app.get('/volunteers/me/corrections', { schema: { tags: tv, summary: 'My correction requests', response: { 200: CorrectionList } }, ...auth }, async (req) =>
    vols.myCorrections(ctx, principalOf(req)),
  );
  app.post('/volunteers/me/corrections', { schema: { tags: tv, summary: 'Ask for my record to be corrected', body: CorrectionBody, response: { 201: Correction } }, ...auth }, async (req, reply) =>
    reply.status(201).send(await vols.requestCorrection(ctx, principalOf(req), actorOf(req), req.body)),
  );
  app.get('/volunteers/corrections', { schema: { tags: tv, summary: 'Correction requests in my reach (pending by default)', querystring: CorrectionListQuery, response: { 200: CorrectionList } }, ...auth }, async (req) =>
    vols.listCorrections(ctx, principalOf(req), req.query),
  );
  app.post('/volunteers/corrections/:id/approve', { schema: { tags: tv, summary: 'Approve a correction: the values apply and are kept in the history', params: IdParams, body: Type.Optional(DecisionBody), response: { 200: Correction } }, ...auth }, async (req) =>
    vols.decideCorrection(ctx, principalOf(req), actorOf(req), req.params.id, true, req.body?.note),
  );
  app.post('/volunteers/corrections/:id/reject', { schema: { tags: tv, summary: 'Reject a correction', params: IdParams, body: Type.Optional(DecisionBody), response: { 200: Correction } }, ...auth }, async (req) =>
    vols.decideCorrection(ctx, principalOf(req), actorOf(req), req.params.id, false, req.body?.note),
  );
  app.get('/volunteers/star-settings', { schema: { tags: tv, summary: 'The star thresholds that apply at a node, and where they are set', querystring: StarSettingQuery, response: { 200: StarSetting } }, ...auth }, async (req) =>
    stars.getStarSetting(ctx, principalOf(req), req.query.nodeId),
  );
  app.put('/volunteers/star-settings', { schema: { tags: tv, summary: 'Set star thresholds (hours for 1–5 stars) at a node (volunteers.configure)', body: StarSettingBody, response: { 200: StarSetting } }, ...auth }, async (req) =>
    stars.putStarSetting(ctx, principalOf(req), actorOf(req), req.body),
  );
  app.delete('/volunteers/star-settings/:nodeId', { schema: { tags: tv, summary: 'Remove a node’s own thresholds (the ones above apply)', params: NodeParams, response: { 200: StarSetting } }, ...auth }, async (req) =>
    stars.deleteStarSetting(ctx, principalOf(req), actorOf(req), req.params.nodeId),
  );
  app.get('/volunteers/:id', { schema: { tags: tv, summary: 'A volunteer, masked, with stars and teams', params: IdParams, response: { 200: VolunteerDetail } }, ...auth }, async (req) =>
    vols.getVolunteer(ctx, principalOf(req), req.params.id),
  );
  app.patch('/volunteers/:id', { schema: { tags: tv, summary: 'Change a volunteer’s record (kept in the history)', params: IdParams, body: PatchVolunteerBody, response: { 200: VolunteerDetail } }, ...auth }, async (req) =>
    vols.updateVolunteer(ctx, principalOf(req), actorOf(req), req.params.id, req.body),
  );
  app.post('/volunteers/:id/status', { schema: { tags: tv, summary: 'Set active, suspended or left, with a reason', params: IdParams, body: StatusBody, response: { 200: VolunteerDetail } }, ...auth }, async (req) =>
    vols.setStatus(ctx, principalOf(req), actorOf(req), req.params.id, req.body.status, req.body.reason),
  );
  app.post(
    '/volunteers/:id/full-view',
    { schema: { tags: tv, summary: 'The full ID number and mobile (personal.view_full, a reason); audited', params: IdParams, body: FullViewBody, response: { 200: VolunteerFullView } }, config: { rateLimit: 'fullView' }, ...auth },
    async (req) => vols.viewFull(ctx, principalOf(req), actorOf(req), req.params.id, req.body.reason),
  );
  app.get('/volunteers/:id/changes', { schema: { tags: tv, summary: 'Every change to the record: who, when, fields, old → new (ID masked)', params: IdParams, response: { 200: RecordChangeList } }, ...auth }, async (req) =>
    vols.listChanges(ctx, principalOf(req), req.params.id),
  );

  // Teams
  const tt = ['volunteer-teams'];
  app.get('/volunteer-teams', { schema: { tags: tt, summary: 'Teams in my reach', querystring: TeamListQuery, response: { 200: TeamList } }, ...auth }, async (req) => teams.listTeams(ctx, principalOf(req), req.query));
  app.get('/volunteer-teams/available', { schema: { tags: tt, summary: 'Teams I could ask to join (my community and above)', response: { 200: TeamList } }, ...auth }, async (req) =>
    teams.availableTeams(ctx, principalOf(req)),
  );
  app.post('/volunteer-teams', { schema: { tags: tt, summary: 'Create a team at a node', body: TeamBody, response: { 201: TeamDetail } }, ...auth }, async (req, reply) =>
    reply.status(201).send(await teams.createTeam(ctx, principalOf(req), actorOf(req), req.body)),
  );
  app.post('/volunteer-teams/join', { schema: { tags: tt, summary: 'Join a team with its invitation code (active at once)', body: JoinByCodeBody, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.joinByCode(ctx, principalOf(req), actorOf(req), req.body.code),
  );
  app.get('/volunteer-teams/:id', { schema: { tags: tt, summary: 'A team with its leaders and members', params: IdParams, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.getTeam(ctx, principalOf(req), req.params.id),
  );
  app.patch('/volunteer-teams/:id', { schema: { tags: tt, summary: 'Edit a team', params: IdParams, body: PatchTeamBody, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.updateTeam(ctx, principalOf(req), actorOf(req), req.params.id, req.body),
  );
  app.post('/volunteer-teams/:id/dissolve', { schema: { tags: tt, summary: 'Dissolve a team (memberships end, rows kept)', params: IdParams, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.dissolveTeam(ctx, principalOf(req), actorOf(req), req.params.id),
  );
  app.post('/volunteer-teams/:id/rotate-code', { schema: { tags: tt, summary: 'Replace the invitation code', params: IdParams, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.rotateCode(ctx, principalOf(req), actorOf(req), req.params.id),
  );
  app.post('/volunteer-teams/:id/apply', { schema: { tags: tt, summary: 'Ask to join (a leader or staff approves)', params: IdParams, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.applyToTeam(ctx, principalOf(req), actorOf(req), req.params.id),
  );
  app.post('/volunteer-teams/:id/leave', { schema: { tags: tt, summary: 'Leave a team (or withdraw my request)', params: IdParams, response: { 200: Ok } }, ...auth }, async (req) =>
    teams.leaveTeam(ctx, principalOf(req), actorOf(req), req.params.id),
  );
  app.post('/volunteer-teams/:id/members', { schema: { tags: tt, summary: 'Add a volunteer to the team (staff)', params: IdParams, body: AddMemberBody, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.addMember(ctx, principalOf(req), actorOf(req), req.params.id, req.body.volunteerId, req.body.role ?? 'member'),
  );
  app.post('/volunteer-teams/:id/members/:memberId/approve', { schema: { tags: tt, summary: 'Approve a request to join (leader or staff)', params: TeamMemberParams, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.decideMember(ctx, principalOf(req), actorOf(req), req.params.id, req.params.memberId, true),
  );
  app.post('/volunteer-teams/:id/members/:memberId/reject', { schema: { tags: tt, summary: 'Reject a request to join (leader or staff)', params: TeamMemberParams, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.decideMember(ctx, principalOf(req), actorOf(req), req.params.id, req.params.memberId, false),
  );
  app.post('/volunteer-teams/:id/members/:memberId/role', { schema: { tags: tt, summary: 'Make a member a leader or a member again (staff)', params: TeamMemberParams, body: MemberRoleBody, response: { 200: TeamDetail } }, ...auth }, async (req) =>
    teams.setMemberRole(ctx, principalOf(req), actorOf(req), req.params.id, req.params.memberId, req.body.role),
  );

  // Recognition lists
  const tr = ['recognitions'];
  app.get('/recognitions', { schema: { tags: tr, summary: 'Recognition lists (嘉许) in my reach', querystring: RecognitionListQuery, response: { 200: RecognitionList } }, ...auth }, async (req) =>
    recog.listRecognitions(ctx, principalOf(req), req.query),
  );
  app.post('/recognitions', { schema: { tags: tr, summary: 'Draft a list for a node and period (a bar of hours, or by hand)', body: RecognitionBody, response: { 201: RecognitionDetail } }, ...auth }, async (req, reply) =>
    reply.status(201).send(await recog.createRecognition(ctx, principalOf(req), actorOf(req), req.body)),
  );
  app.get('/recognitions/:id', { schema: { tags: tr, summary: 'A list with its names and objections', params: IdParams, response: { 200: RecognitionDetail } }, ...auth }, async (req) =>
    recog.getRecognition(ctx, principalOf(req), req.params.id),
  );
  app.put('/recognitions/:id/entries', { schema: { tags: tr, summary: 'Replace the names on a draft', params: IdParams, body: RecognitionEntriesBody, response: { 200: RecognitionDetail } }, ...auth }, async (req) =>
    recog.setEntries(ctx, principalOf(req), actorOf(req), req.params.id, req.body.volunteerIds),
  );
  app.post('/recognitions/:id/publish', { schema: { tags: tr, summary: 'Publish: the notice period starts (final when it ends)', params: IdParams, response: { 200: RecognitionDetail } }, ...auth }, async (req) =>
    recog.publishRecognition(ctx, principalOf(req), actorOf(req), req.params.id),
  );
  app.post('/recognitions/:id/objections', { schema: { tags: tr, summary: 'Record an objection during the notice period', params: IdParams, body: ObjectionBody, response: { 200: Ok } }, ...auth }, async (req) =>
    recog.addObjection(ctx, principalOf(req), actorOf(req), req.params.id, req.body),
  );

  // Certificates
  const tc = ['certificates'];
  app.get('/certificates', { schema: { tags: tc, summary: 'Certificates issued in my reach', querystring: CertificateListQuery, response: { 200: CertificateList } }, ...auth }, async (req) =>
    certs.listCertificates(ctx, principalOf(req), req.query),
  );
  app.get('/certificates/mine', { schema: { tags: tc, summary: 'My certificates', response: { 200: CertificateList } }, ...auth }, async (req) => certs.myCertificates(ctx, principalOf(req)));
  app.post('/certificates', { schema: { tags: tc, summary: 'Issue a volunteer-service certificate (志愿服务证明)', body: CertificateBody, response: { 201: Certificate } }, ...auth }, async (req, reply) =>
    reply.status(201).send(await certs.issueCertificate(ctx, principalOf(req), actorOf(req), req.body)),
  );
  app.get('/certificates/:id', { schema: { tags: tc, summary: 'A certificate as printed', params: IdParams, response: { 200: Certificate } }, ...auth }, async (req) =>
    certs.getCertificate(ctx, principalOf(req), req.params.id),
  );
  app.get('/certificates/:id/qr', { schema: { tags: tc, summary: 'The QR code printed on the certificate (opens the public verification page)', params: IdParams, response: { 200: CertificateQr } }, ...auth }, async (req) =>
    certs.certificateQr(ctx, principalOf(req), req.params.id, originOf(req)),
  );
  app.post('/certificates/:id/revoke', { schema: { tags: tc, summary: 'Revoke a certificate with a reason', params: IdParams, body: RevokeBody, response: { 200: Certificate } }, ...auth }, async (req) =>
    certs.revokeCertificate(ctx, principalOf(req), actorOf(req), req.params.id, req.body.reason),
  );

  // Public, no sign-in
  const tp = ['public'];
  app.get(
    '/public/certificates/:serial',
    { schema: { tags: tp, summary: 'Verify a certificate: genuine or revoked, with only what it prints (masked)', params: SerialParams, response: { 200: PublicCertificate } }, config: { rateLimit: 'publicLookup' } },
    async (req) => certs.verifyCertificate(ctx, req.params.serial),
  );
  app.get(
    '/public/recognitions',
    { schema: { tags: tp, summary: 'Published recognition lists of a node, names masked', querystring: PublicRecognitionQuery, response: { 200: PublicRecognitionList } }, config: { rateLimit: 'publicLookup' } },
    async (req) => recog.publicRecognitions(ctx, req.query.nodeId),
  );
};
