import type { SelfResolveInput, SubmitInput } from '@/shared/api/requestsApi';

/** Who is filing: a resident for themselves, a grid worker's patrol report, or a self-resolved fix (自办自结). */
export type ReportMode = 'resident' | 'patrol' | 'self';

export interface PlacePick {
  /** A building or unit picked from the list. */
  buildingNodeId: number | null;
  buildingLabel: string;
  /** Where the problem is, WGS-84; accuracy in metres when the phone located it, null when picked on the map. */
  point: { lng: number; lat: number; accuracy: number | null } | null;
  address: string;
}

export interface ReportForm {
  categoryId: number | null;
  content: string;
  priority: 'urgent' | 'ordinary' | 'complex';
  place: PlacePick;
  photoIds: string[];
  /** What was done on the spot (self-resolve only). */
  note: string;
}

export const CONTENT_MIN = 2;
export const CONTENT_MAX = 2000;
export const NOTE_MAX = 1000;
export const ADDRESS_MAX = 200;

export type ReportField = 'content' | 'photos' | 'note' | 'address';

export function emptyPlace(): PlacePick {
  return { buildingNodeId: null, buildingLabel: '', point: null, address: '' };
}

export function emptyReport(): ReportForm {
  return { categoryId: null, content: '', priority: 'ordinary', place: emptyPlace(), photoIds: [], note: '' };
}

/** Problems with the form, as message keys per field; empty when it may be sent. */
export function validateReport(form: ReportForm, mode: ReportMode): Partial<Record<ReportField, string>> {
  const errors: Partial<Record<ReportField, string>> = {};
  const content = form.content.trim();
  if (content.length < CONTENT_MIN) errors.content = 'requests.report.contentRequired';
  else if (content.length > CONTENT_MAX) errors.content = 'requests.report.contentTooLong';
  if (form.place.address.trim().length > ADDRESS_MAX) errors.address = 'requests.report.addressTooLong';
  if (mode === 'self') {
    // The photo is the evidence that the thing was really fixed; the server refuses a self-resolve without one.
    if (form.photoIds.length === 0) errors.photos = 'requests.report.photoRequired';
    const note = form.note.trim();
    if (note.length === 0) errors.note = 'requests.report.noteRequired';
    else if (note.length > NOTE_MAX) errors.note = 'requests.report.noteTooLong';
  }
  return errors;
}

/** The location part of the body: whatever the reporter gave, the server finds the grid from it. */
function location(place: PlacePick, fallbackNodeId: number | null): SubmitInput['location'] {
  const address = place.address.trim() || place.buildingLabel || null;
  return {
    buildingNodeId: place.buildingNodeId,
    lng: place.point?.lng ?? null,
    lat: place.point?.lat ?? null,
    // A worker who picked no building files under their own grid rather than their home address.
    orgNodeId: place.buildingNodeId === null && place.point === null ? fallbackNodeId : null,
    address,
  };
}

export function submitBody(form: ReportForm, mode: 'resident' | 'patrol', fallbackNodeId: number | null = null): SubmitInput {
  return {
    channel: mode,
    content: form.content.trim(),
    categoryId: form.categoryId,
    ...(mode === 'patrol' ? { priority: form.priority } : {}),
    location: location(form.place, mode === 'patrol' ? fallbackNodeId : null),
    photoIds: form.photoIds,
  };
}

export function selfResolveBody(form: ReportForm, fallbackNodeId: number | null): SelfResolveInput {
  return {
    content: form.content.trim(),
    categoryId: form.categoryId,
    location: location(form.place, fallbackNodeId),
    photoIds: form.photoIds,
    note: form.note.trim(),
  };
}
