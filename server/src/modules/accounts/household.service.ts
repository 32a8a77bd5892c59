import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskAddress, maskMobile } from '../../platform/masking.js';
import { ancestry, findNode } from './join.repo.js';
import * as repo from './person.repo.js';

/**
 * 我的家庭 (PIPL art. 45, access): a resident sees their household, their own record — masked, in full on asking,
 * which is audited — and the people on duty for their place: the grid worker of their grid, the building and unit
 * leaders of their building and unit, with the number to call (docs/adr/0019: a duty number, shown in full to the
 * residents of that place and no one else).
 */

type Person = NonNullable<Awaited<ReturnType<typeof repo.personOfUser>>>;

const PLACE_KINDS = new Set(['town', 'community', 'grid', 'building', 'unit']);
const DUTY_KIND: Record<string, string> = { grid_worker: 'grid', building_leader: 'building', unit_leader: 'unit' };

export function maskedId(person: Pick<Person, 'idLast4' | 'idHash'>): string | null {
  return person.idHash ? `${'*'.repeat(14)}${person.idLast4 ?? '****'}` : null;
}

function presentPerson(p: Person) {
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate ? `${p.birthDate.slice(0, 4)}-**-**` : null,
    ethnicity: p.ethnicity,
    mobile: maskMobile(p.mobile),
    idNumber: maskedId(p),
    registeredAddress: maskAddress(p.registeredAddress),
    relation: p.relation,
  };
}

export async function myHousehold(ctx: AppContext, principal: Principal) {
  const person = await repo.personOfUser(ctx.db, principal.userId);
  const household = person?.householdId ? await repo.householdById(ctx.db, person.householdId) : undefined;
  const residentNode = principal.roles.find((r) => r.role === 'resident')?.orgNodeId;
  const placeId = household?.nodeId ?? residentNode;
  const joined = residentNode !== undefined;
  if (placeId === undefined) return { joined, confirmed: !!person, place: null, person: person ? presentPerson(person) : null, household: null, contacts: [] };
  const place = await findNode(ctx.db, placeId);
  const chain = place ? await ancestry(ctx.db, place.path) : [];
  const gridId = household?.gridId ?? chain.find((n) => n.kind === 'grid')?.id;
  const duties = chain.filter((n) => n.kind === 'building' || n.kind === 'unit').map((n) => n.id);
  const holders = await repo.dutyHolders(ctx.db, [...(gridId ? [gridId] : []), ...duties]);
  const nodes = new Map(chain.map((n) => [n.id, n]));
  if (gridId && !nodes.has(gridId)) {
    const grid = await findNode(ctx.db, gridId);
    if (grid) nodes.set(grid.id, grid);
  }
  const contacts = holders
    .filter((h) => DUTY_KIND[h.duty] && nodes.get(h.nodeId)?.kind === DUTY_KIND[h.duty])
    .map((h) => ({ duty: h.duty as 'grid_worker' | 'building_leader' | 'unit_leader', name: h.name, mobile: h.mobile, placeName: nodes.get(h.nodeId)!.name }))
    .sort((a, b) => Object.keys(DUTY_KIND).indexOf(a.duty) - Object.keys(DUTY_KIND).indexOf(b.duty));
  const members = household ? await repo.householdMembers(ctx.db, household.id) : [];
  return {
    joined,
    confirmed: !!person,
    place: { nodeId: placeId, names: chain.filter((n) => PLACE_KINDS.has(n.kind)).map((n) => n.name) },
    person: person ? presentPerson(person) : null,
    household: household
      ? { id: household.id, door: household.door, members: members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, self: m.id === person!.id })) }
      : null,
    contacts,
  };
}

/** My own record in full: audited like any full view of personal data. */
export async function myPersonFull(ctx: AppContext, principal: Principal, actor: ActorContext) {
  const person = await repo.personOfUser(ctx.db, principal.userId);
  if (!person) throw errors.notFound(undefined, { zh: '您的账号尚未与居民档案关联', en: 'Your account is not linked to a registry record yet' });
  const idNumber = person.idCipher && person.idKeyId ? ctx.personal.open({ cipher: person.idCipher, keyId: person.idKeyId }) : null;
  await recordAudit(ctx.db, actor, ctx.clock.now(), {
    action: 'person.view_full',
    objectType: 'person',
    objectId: person.id,
    orgNodeId: person.communityId,
    details: { self: true, fields: ['mobile', 'idNumber', 'birthDate', 'registeredAddress'] },
  });
  return {
    name: person.name,
    gender: person.gender,
    birthDate: person.birthDate,
    ethnicity: person.ethnicity,
    mobile: person.mobile,
    idNumber,
    registeredAddress: person.registeredAddress,
  };
}

export async function placeNames(ctx: AppContext, nodeId: number): Promise<string[]> {
  const node = await findNode(ctx.db, nodeId);
  if (!node) return [];
  return (await ancestry(ctx.db, node.path)).filter((n) => PLACE_KINDS.has(n.kind)).map((n) => n.name);
}
