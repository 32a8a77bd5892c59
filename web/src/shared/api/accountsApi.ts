import { api } from './instance';
import type { ApiBody, ApiQuery, ApiResponse } from './client';

/**
 * Resident accounts (server/src/modules/accounts): sign-in codes, joining a community, my household and
 * corrections, and the staff pages that confirm accounts and decide corrections.
 */

export type CodeSent = ApiResponse<'/auth/otp/send', 'post'>;
export type JoinableCommunity = ApiResponse<'/join/communities', 'get'>['items'][number];
export type JoinPlace = ApiResponse<'/join/places/{id}', 'get'>['items'][number];
export type JoinCodeInfo = ApiResponse<'/join/codes/{code}', 'get'>;
export type JoinInput = ApiBody<'/me/residence', 'post'>;
export type MyHousehold = ApiResponse<'/me/household', 'get'>;
export type HouseholdContact = MyHousehold['contacts'][number];
export type MyPersonFull = ApiResponse<'/me/person/full', 'get'>;
export type Correction = ApiResponse<'/me/corrections', 'get'>['items'][number];
export type CorrectionInput = ApiBody<'/me/corrections', 'post'>;
export type CorrectionField = keyof CorrectionInput['fields'];
export const CORRECTION_FIELDS: CorrectionField[] = ['name', 'gender', 'birthDate', 'ethnicity', 'mobile', 'registeredAddress', 'idNumber'];
export type CorrectionsQuery = ApiQuery<'/person-corrections', 'get'>;
export type StaffJoinCode = ApiResponse<'/communities/{communityId}/join-code', 'get'>;
export type UnconfirmedResident = ApiResponse<'/accounts/unconfirmed', 'get'>['items'][number];

export const otpApi = {
  send: (mobile: string) => api.post('/auth/otp/send', { body: { mobile } }),
  verify: (mobile: string, code: string, displayName?: string) =>
    api.post('/auth/otp/verify', { body: { mobile, code, ...(displayName?.trim() ? { displayName: displayName.trim() } : {}) } }),
};

export const joinApi = {
  communities: (q?: string) => api.get('/join/communities', { query: q ? { q } : {} }),
  places: (id: number) => api.get('/join/places/{id}', { path: { id } }),
  code: (code: string) => api.get('/join/codes/{code}', { path: { code } }),
  join: (body: JoinInput) => api.post('/me/residence', { body }),
  leave: () => api.delete('/me/residence'),
};

export const householdApi = {
  mine: () => api.get('/me/household'),
  full: () => api.get('/me/person/full'),
  corrections: () => api.get('/me/corrections'),
  requestCorrection: (body: CorrectionInput) => api.post('/me/corrections', { body }),
};

export const residentsAdminApi = {
  joinCode: (communityId: number) => api.get('/communities/{communityId}/join-code', { path: { communityId } }),
  renewJoinCode: (communityId: number) => api.post('/communities/{communityId}/join-code/renew', { path: { communityId } }),
  unconfirmed: (limit = 20, offset = 0) => api.get('/accounts/unconfirmed', { query: { limit, offset } }),
  link: (userId: number, personId: number) => api.put('/accounts/{userId}/person', { path: { userId }, body: { personId } }),
  unlink: (userId: number) => api.delete('/accounts/{userId}/person', { path: { userId } }),
  corrections: (query: CorrectionsQuery) => api.get('/person-corrections', { query }),
  decide: (id: number, decision: 'approve' | 'reject', note?: string) =>
    api.post('/person-corrections/{id}/decision', { path: { id }, body: { decision, ...(note ? { note } : {}) } }),
};
