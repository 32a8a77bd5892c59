import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Volunteers 志愿者 (server/src/modules/volunteers): records, corrections, teams, stars, recognition lists (嘉许),
 * certificates (志愿服务证明) and the public verification — one function per endpoint and the shapes pages use.
 */
export type Volunteer = ApiResponse<'/volunteers/{id}', 'get'>;
export type VolunteerSummary = ApiResponse<'/volunteers', 'get'>['items'][number];
export type VolunteerListQuery = ApiQuery<'/volunteers', 'get'>;
export type MyVolunteer = ApiResponse<'/volunteers/me', 'get'>;
export type RegisterInput = ApiBody<'/volunteers/me', 'post'>;
export type StaffRegisterInput = ApiBody<'/volunteers', 'post'>;
export type PatchInput = ApiBody<'/volunteers/{id}', 'patch'>;
export type Correction = ApiResponse<'/volunteers/corrections', 'get'>['items'][number];
export type CorrectionInput = ApiBody<'/volunteers/me/corrections', 'post'>;
export type RecordChange = ApiResponse<'/volunteers/{id}/changes', 'get'>['items'][number];
export type FullView = ApiResponse<'/volunteers/{id}/full-view', 'post'>;
export type VolunteerStatus = Volunteer['status'];
export type Gender = Volunteer['gender'];
export type PoliticalStatus = Volunteer['politicalStatus'];
export type ServiceCategory = Volunteer['serviceCategories'][number];
export type Stars = Volunteer['starInfo'];
export type Team = ApiResponse<'/volunteer-teams/{id}', 'get'>;
export type TeamSummary = ApiResponse<'/volunteer-teams', 'get'>['items'][number];
export type TeamKind = Team['kind'];
export type TeamInput = ApiBody<'/volunteer-teams', 'post'>;
export type StarSetting = ApiResponse<'/volunteers/star-settings', 'get'>;
export type Recognition = ApiResponse<'/recognitions/{id}', 'get'>;
export type RecognitionSummary = ApiResponse<'/recognitions', 'get'>['items'][number];
export type RecognitionInput = ApiBody<'/recognitions', 'post'>;
export type Certificate = ApiResponse<'/certificates/{id}', 'get'>;
export type CertificateInput = ApiBody<'/certificates', 'post'>;
export type CertificateQr = ApiResponse<'/certificates/{id}/qr', 'get'>;
export type PublicCertificate = ApiResponse<'/public/certificates/{serial}', 'get'>;
export type PublicRecognition = ApiResponse<'/public/recognitions', 'get'>['items'][number];

export const VOLUNTEER_STATUSES = valuesOf<VolunteerStatus>()(['active', 'suspended', 'left']);
export const GENDERS = valuesOf<Gender>()(['male', 'female', 'unknown']);
export const POLITICAL_STATUSES = valuesOf<PoliticalStatus>()(['party_member', 'league_member', 'masses']);
export const SERVICE_CATEGORIES = valuesOf<ServiceCategory>()(['elderly_care', 'children', 'environment', 'public_safety', 'culture', 'health', 'digital_help', 'civility', 'emergency', 'other']);
export const TEAM_KINDS = valuesOf<TeamKind>()(['party_vanguard', 'red_vest', 'warm_service', 'phone_teaching', 'professional', 'other']);

export const volunteersApi = {
  list: (query: VolunteerListQuery, signal?: AbortSignal) => api.get('/volunteers', { query, signal }),
  get: (id: number) => api.get('/volunteers/{id}', { path: { id } }),
  register: (body: StaffRegisterInput) => api.post('/volunteers', { body }),
  update: (id: number, body: PatchInput) => api.patch('/volunteers/{id}', { path: { id }, body }),
  setStatus: (id: number, status: VolunteerStatus, reason: string) => api.post('/volunteers/{id}/status', { path: { id }, body: { status, reason } }),
  fullView: (id: number, reason: string) => api.post('/volunteers/{id}/full-view', { path: { id }, body: { reason } }),
  changes: (id: number) => api.get('/volunteers/{id}/changes', { path: { id } }),
  mine: () => api.get('/volunteers/me'),
  registerSelf: (body: RegisterInput) => api.post('/volunteers/me', { body }),
  myCorrections: () => api.get('/volunteers/me/corrections'),
  requestCorrection: (body: CorrectionInput) => api.post('/volunteers/me/corrections', { body }),
  corrections: (query: ApiQuery<'/volunteers/corrections', 'get'>) => api.get('/volunteers/corrections', { query }),
  approveCorrection: (id: number, note?: string) => api.post('/volunteers/corrections/{id}/approve', { path: { id }, body: note ? { note } : {} }),
  rejectCorrection: (id: number, note?: string) => api.post('/volunteers/corrections/{id}/reject', { path: { id }, body: note ? { note } : {} }),
  starSetting: (nodeId: number) => api.get('/volunteers/star-settings', { query: { nodeId } }),
  setStarSetting: (nodeId: number, thresholdsHours: number[]) => api.put('/volunteers/star-settings', { body: { nodeId, thresholdsHours } }),
  resetStarSetting: (nodeId: number) => api.delete('/volunteers/star-settings/{nodeId}', { path: { nodeId } }),
};

export const teamsApi = {
  list: (query: ApiQuery<'/volunteer-teams', 'get'>) => api.get('/volunteer-teams', { query }),
  available: () => api.get('/volunteer-teams/available'),
  get: (id: number) => api.get('/volunteer-teams/{id}', { path: { id } }),
  create: (body: TeamInput) => api.post('/volunteer-teams', { body }),
  update: (id: number, body: ApiBody<'/volunteer-teams/{id}', 'patch'>) => api.patch('/volunteer-teams/{id}', { path: { id }, body }),
  dissolve: (id: number) => api.post('/volunteer-teams/{id}/dissolve', { path: { id } }),
  rotateCode: (id: number) => api.post('/volunteer-teams/{id}/rotate-code', { path: { id } }),
  join: (code: string) => api.post('/volunteer-teams/join', { body: { code } }),
  apply: (id: number) => api.post('/volunteer-teams/{id}/apply', { path: { id } }),
  leave: (id: number) => api.post('/volunteer-teams/{id}/leave', { path: { id } }),
  addMember: (id: number, volunteerId: number, role: 'leader' | 'member') => api.post('/volunteer-teams/{id}/members', { path: { id }, body: { volunteerId, role } }),
  approve: (id: number, memberId: number) => api.post('/volunteer-teams/{id}/members/{memberId}/approve', { path: { id, memberId } }),
  reject: (id: number, memberId: number) => api.post('/volunteer-teams/{id}/members/{memberId}/reject', { path: { id, memberId } }),
  setRole: (id: number, memberId: number, role: 'leader' | 'member') => api.post('/volunteer-teams/{id}/members/{memberId}/role', { path: { id, memberId }, body: { role } }),
};

export const recognitionsApi = {
  published: (nodeId: number) => api.get('/public/recognitions', { query: { nodeId } }),
  list: (query: ApiQuery<'/recognitions', 'get'>) => api.get('/recognitions', { query }),
  get: (id: number) => api.get('/recognitions/{id}', { path: { id } }),
  create: (body: RecognitionInput) => api.post('/recognitions', { body }),
  setEntries: (id: number, volunteerIds: number[]) => api.put('/recognitions/{id}/entries', { path: { id }, body: { volunteerIds } }),
  publish: (id: number) => api.post('/recognitions/{id}/publish', { path: { id } }),
  object: (id: number, content: string, volunteerId?: number) => api.post('/recognitions/{id}/objections', { path: { id }, body: { content, ...(volunteerId ? { volunteerId } : {}) } }),
};

export const certificatesApi = {
  list: (query: ApiQuery<'/certificates', 'get'>) => api.get('/certificates', { query }),
  mine: () => api.get('/certificates/mine'),
  get: (id: number) => api.get('/certificates/{id}', { path: { id } }),
  qr: (id: number) => api.get('/certificates/{id}/qr', { path: { id } }),
  issue: (body: CertificateInput) => api.post('/certificates', { body }),
  revoke: (id: number, reason: string) => api.post('/certificates/{id}/revoke', { path: { id }, body: { reason } }),
  verify: (serial: string) => api.get('/public/certificates/{serial}', { path: { serial } }),
};
