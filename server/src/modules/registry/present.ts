import type { Principal } from '../../platform/access.js';
import { toShanghaiIso } from '../../platform/calendarDays.js';
import { maskMobile } from '../../platform/masking.js';
import { ageOn } from './age.js';
import type { HouseholdRow } from './households.repo.js';
import type { PersonRow, ResidenceRow } from './persons.repo.js';
import { addressOf, type Place } from './places.js';
import { maySeeTag } from './registry.policy.js';
import type { Household, PersonSummary, PersonTag } from './registry.schema.js';
import type { GivenTagRow, TagRow } from './tags.repo.js';

/**
 * How registry rows leave the server: ID numbers and mobiles masked, tags only those the caller's roles may see,
 * sensitive tag details starred unless this is the audited full view.
 */

/** Only the last four characters; the length says what kind of number it is. */
export function maskedId(p: Pick<PersonRow, 'idLast4' | 'idKind' | 'hasId'>): string | null {
  if (!p.hasId || !p.idLast4) return null;
  const length = p.idKind === 'resident_id' ? 18 : Math.max(8, p.idLast4.length + 4);
  return '*'.repeat(length - p.idLast4.length) + p.idLast4;
}

export function presentTags(
  principal: Principal,
  nodePath: string,
  given: GivenTagRow[],
  tags: Map<number, TagRow>,
  full: boolean,
): PersonTag[] {
  const out: PersonTag[] = [];
  for (const g of given) {
    const t = tags.get(g.tagId);
    if (!t || !maySeeTag(principal, t.visibleToRoles, nodePath)) continue;
    const masked = t.sensitivity === 'sensitive' && !full;
    out.push({
      tagId: t.id,
      code: t.code,
      name: t.name,
      nameEn: t.nameEn,
      sensitivity: t.sensitivity,
      color: t.color,
      detail: masked ? Object.fromEntries(Object.keys(g.detail).map((k) => [k, '***'])) : g.detail,
      detailMasked: masked && Object.keys(g.detail).length > 0,
      note: masked ? null : g.note,
      addedAt: toShanghaiIso(g.addedAt),
    });
  }
  return out;
}

export function personAddress(p: PersonRow, places: Map<number, Place>): string | null {
  if (p.householdId === null) return null;
  const place = places.get(p.nodeId);
  return addressOf(place?.label ?? '', p.door, p.householdAddress);
}

export function presentSummary(
  principal: Principal,
  p: PersonRow,
  today: string,
  places: Map<number, Place>,
  given: GivenTagRow[],
  tags: Map<number, TagRow>,
): PersonSummary {
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    age: ageOn(p.birthDate, today),
    ethnicity: p.ethnicity,
    idKind: p.idKind,
    idNumber: maskedId(p),
    mobile: maskMobile(p.mobile),
    livingStatus: p.livingStatus,
    relation: p.relation,
    householdId: p.householdId,
    address: personAddress(p, places),
    gridId: p.gridId,
    communityId: p.communityId,
    tags: presentTags(principal, p.nodePath, given.filter((g) => g.personId === p.id), tags, false),
  };
}

/**
 * One stay. A stay in a household the caller may not read (the person lived in another community before moving
 * here) keeps its dates and reasons but not where: no address, no note, no destination.
 */
export function presentResidence(r: ResidenceRow, places: Map<number, Place>, visible: (path: string) => boolean = () => true) {
  const place = places.get(r.householdNodeId);
  const inScope = place !== undefined && visible(place.path);
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    householdId: r.householdId,
    householdAddress: inScope ? addressOf(place.label, r.door, r.householdAddress) : '',
    outsideScope: !inScope,
    relation: r.relation,
    movedInOn: r.movedInOn,
    movedInReason: r.movedInReason,
    movedOutOn: r.movedOutOn,
    movedOutReason: r.movedOutReason,
    movedOutTo: inScope ? r.movedOutTo : null,
    note: inScope ? r.note : null,
  };
}

export function presentHousehold(h: HouseholdRow, places: Map<number, Place>): Household {
  return {
    id: h.id,
    nodeId: h.nodeId,
    placePath: places.get(h.nodeId)?.label ?? '',
    door: h.door,
    householdNo: h.householdNo,
    address: h.address,
    gridId: h.gridId,
    communityId: h.communityId,
    headName: h.headName,
    memberCount: h.memberCount,
    note: h.note,
    createdAt: toShanghaiIso(h.createdAt),
    closedAt: h.closedAt ? toShanghaiIso(h.closedAt) : null,
  };
}
