import type { OrgNodeRef } from '@/shared/api';
import type { RequestPriority, SubmitInput } from '@/shared/api/requestsApi';

/** A request staff enter for someone: a phone call or visit (代为登记), or a 12345 work order keyed in by hand. */
export interface IntakeForm {
  channel: 'staff' | 'hotline';
  reporterName: string;
  reporterPhone: string;
  externalRef: string;
  /** When the call came in; null = now. */
  receivedAt: string | null;
  categoryId: number | null;
  priority: RequestPriority;
  content: string;
  place: OrgNodeRef | null;
  address: string;
  photoIds: string[];
}

export type IntakeField = 'reporter' | 'externalRef' | 'content' | 'place' | 'receivedAt';

export function emptyIntake(place: OrgNodeRef | null): IntakeForm {
  return {
    channel: 'staff',
    reporterName: '',
    reporterPhone: '',
    externalRef: '',
    receivedAt: null,
    categoryId: null,
    priority: 'ordinary',
    content: '',
    place,
    address: '',
    photoIds: [],
  };
}

const PHONE = /^[0-9+\-\s]{5,20}$/;

/**
 * Message keys of what is missing. The server needs a name or a phone for someone's request (someone must be
 * told the outcome), a work-order number for a hotline order, and a place it can file the request under.
 */
export function validateIntake(form: IntakeForm, now: Date = new Date()): Partial<Record<IntakeField, string>> {
  const errors: Partial<Record<IntakeField, string>> = {};
  const name = form.reporterName.trim();
  const phone = form.reporterPhone.trim();
  if (!name && !phone) errors.reporter = 'requests.console.intake.reporterRequired';
  else if (phone && !PHONE.test(phone)) errors.reporter = 'requests.console.intake.phoneInvalid';
  if (form.channel === 'hotline' && !form.externalRef.trim()) errors.externalRef = 'requests.console.intake.externalRefRequired';
  if (form.content.trim().length < 2) errors.content = 'requests.report.contentRequired';
  if (!form.place) errors.place = 'requests.console.intake.placeRequired';
  if (form.receivedAt && new Date(form.receivedAt).getTime() > now.getTime()) errors.receivedAt = 'requests.console.intake.receivedFuture';
  return errors;
}

export function intakeBody(form: IntakeForm): SubmitInput & { externalRef?: string | null; receivedAt?: string | null } {
  const place = form.place;
  const isBuilding = place?.kind === 'building' || place?.kind === 'unit';
  return {
    channel: form.channel,
    content: form.content.trim(),
    categoryId: form.categoryId,
    priority: form.priority,
    reporter: { name: form.reporterName.trim() || null, phone: form.reporterPhone.replace(/\s+/g, '') || null },
    location: {
      buildingNodeId: isBuilding ? place!.id : null,
      orgNodeId: isBuilding ? null : (place?.id ?? null),
      address: form.address.trim() || null,
    },
    photoIds: form.photoIds,
    externalRef: form.channel === 'hotline' ? form.externalRef.trim() : null,
    receivedAt: form.receivedAt,
  };
}
