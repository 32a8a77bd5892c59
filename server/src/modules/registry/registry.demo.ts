import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { DAY_MS } from '../../platform/calendarDays.js';
import type { DemoPerson, DemoSession } from '../../platform/demo.js';
import { makeResidentId } from '../../platform/idNumber.js';
import { GRID_NAMES, QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { childrenOf, findChildByName } from '../org/org.repo.js';
import { chinaToday } from './age.js';
import { openHousehold } from './households.service.js';
import { movePerson, readablePerson, registerPerson } from './persons.service.js';
import { DEMO_HOUSEHOLDS, DEMO_MOVES, type DemoHousehold } from './registry.demoData.js';
import { listTags, giveTag } from './tags.service.js';
import { seedDefaultTags } from './tags.repo.js';

/**
 * The registry demo (registry.demoData.ts), entered as it would be: the grid workers of 保利社区's first two grids
 * register their grids' households, the community staff the rest, and they give the care tags; two months later
 * one young man has moved away and an old woman moved within the community. Every step is a service the console
 * calls. A second run finds 保利社区's people and adds nothing.
 */
export interface RegistryDemoResult {
  skipped: boolean;
  households: number;
  persons: number;
  tagged: number;
  moves: number;
}

async function communityNamed(db: Db, name: string) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select c.id from org_nodes c join org_nodes q on c.path <@ q.path where q.code = ${QINGSHAN_CODE} and c.kind = 'community' and c.name = ${name} order by c.id limit 1`,
  );
  return row ? Number(row.id) : undefined;
}

async function unitOf(db: Db, communityId: number, h: DemoHousehold): Promise<number> {
  const grid = await findChildByName(db, communityId, GRID_NAMES[h.grid]!);
  if (!grid) throw new Error(`registry demo: no ${GRID_NAMES[h.grid]}`);
  const buildings = (await childrenOf(db, grid.id, 10, 0)).items.filter((n) => n.kind === 'building');
  const building = buildings[h.building];
  if (!building) throw new Error(`registry demo: ${GRID_NAMES[h.grid]} has no building ${h.building}`);
  const unit = await findChildByName(db, building.id, `${h.unit}单元`);
  return unit?.id ?? building.id;
}

export async function seedRegistryDemo(s: DemoSession): Promise<RegistryDemoResult> {
  const db = s.ctx.db;
  const result: RegistryDemoResult = { skipped: true, households: 0, persons: 0, tagged: 0, moves: 0 };
  const baoli = await communityNamed(db, '保利社区');
  const caoyuan = await communityNamed(db, '草原社区');
  if (!baoli || !caoyuan) return result;
  const [existing] = await queryRows<{ any: boolean }>(db, sql`select exists (select 1 from persons where community_id = ${baoli}) as any`);
  if (existing?.any) return result;
  await seedDefaultTags(db, s.until);

  const start = new Date(s.until.getTime() - 70 * DAY_MS);
  s.clock.set(start);
  const actors: Record<string, DemoPerson> = {
    baoli0: await s.person('baoli.grid1'),
    baoli1: await s.person('baoli.grid2'),
    baoli: await s.person('baoli.staff'),
    caoyuan: await s.person('caoyuan.staff'),
  };
  const tagCodes = new Map<number, Map<string, number>>();
  const tagIdFor = async (who: DemoPerson, communityId: number, code: string) => {
    let codes = tagCodes.get(communityId);
    if (!codes) {
      const { items } = await listTags(s.ctx, who.principal, {});
      codes = new Map(items.map((t) => [t.code, t.id]));
      tagCodes.set(communityId, codes);
    }
    const id = codes.get(code);
    if (!id) throw new Error(`registry demo: no care tag ${code}`);
    return id;
  };

  const idOf = new Map<string, number>();
  const householdAt = new Map<string, number>();
  let sequence = 0;
  for (const h of DEMO_HOUSEHOLDS) {
    const communityId = h.community === '保利社区' ? baoli : caoyuan;
    const who = h.community === '草原社区' ? actors.caoyuan! : (actors[`baoli${h.grid}`] ?? actors.baoli!);
    s.clock.advanceMinutes(7);
    const householdId = await openHousehold(s.ctx, who.principal, who.actor, { nodeId: await unitOf(db, communityId, h), door: h.door });
    householdAt.set(`${h.community}/${h.grid}/${h.door}`, householdId);
    result.households++;
    for (const member of h.members) {
      sequence++;
      s.clock.advanceMinutes(3);
      const idNumber = makeResidentId(member.division ?? QINGSHAN_CODE, member.birthDate, 100 + sequence * 2 + (member.male ? 1 : 0));
      const personId = await registerPerson(s.ctx, who.principal, who.actor, {
        householdId,
        relation: member.relation,
        name: member.name,
        ethnicity: member.ethnicity ?? '汉族',
        idKind: 'resident_id',
        idNumber,
        ...(member.mobile ? { mobile: member.mobile } : {}),
        registeredAddress: `内蒙古自治区包头市青山区${h.community}`,
        ...(member.away ? { livingStatus: 'away' as const, awayNote: member.away } : {}),
        movedInOn: member.birthDate > '2005-01-01' ? member.birthDate : '2012-06-01',
        movedInReason: member.birthDate > '2005-01-01' ? 'born' : 'moved_in',
      });
      idOf.set(member.name, personId);
      result.persons++;
      const row = member.tags?.length ? await readablePerson(s.ctx, who.principal, personId) : null;
      for (const tag of member.tags ?? []) {
        const spec = typeof tag === 'string' ? { code: tag } : tag;
        await giveTag(s.ctx, who.principal, who.actor, row!, {
          tagId: await tagIdFor(who, communityId, spec.code),
          ...(spec.detail ? { detail: spec.detail } : {}),
          ...(spec.note ? { note: spec.note } : {}),
        });
        result.tagged++;
      }
    }
  }

  const staff = actors.baoli!;
  const away = DEMO_MOVES.movedAway;
  s.clock.set(new Date(s.until.getTime() - away.daysAgo * DAY_MS));
  await movePerson(s.ctx, staff.principal, staff.actor, idOf.get(away.name)!, { reason: 'moved_away', on: chinaToday(s.clock.now()), movedOutTo: away.to });
  result.moves++;
  const within = DEMO_MOVES.movedWithin;
  s.clock.set(new Date(s.until.getTime() - within.daysAgo * DAY_MS));
  await movePerson(s.ctx, staff.principal, staff.actor, idOf.get(within.name)!, {
    reason: 'moved_within',
    toHouseholdId: householdAt.get(`保利社区/${within.toGrid}/${within.toDoor}`)!,
    relation: 'head',
    on: chinaToday(s.clock.now()),
    note: '搬到儿子买的房子，离儿子近一些',
  });
  result.moves++;
  result.skipped = false;
  return result;
}
