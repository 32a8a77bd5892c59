import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { registryWorld } from '../../../test/registry.js';
import { personsAudited, placesFollowHouseholds, staysMatchPersons } from './registry.invariants.js';

/**
 * Persons and households: ID numbers checked, sealed and never stored in the clear; masked reads and the audited
 * full view; duplicates; moves as history; the reach of grid workers and communities.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof registryWorld>>;
let homeA1 = 0;
let homeA2 = 0;
let homeB1 = 0;
let zhang = 0;
const zhangId = { value: '' };

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await registryWorld(t, 'Rp');
  homeA1 = await w.household('staffA', w.unitA1.id, '501');
  homeA2 = await w.household('staffA', w.unitA2.id, '302');
  homeB1 = await w.household('staffB', w.unitB1.id, '101');
  zhangId.value = w.idFor('1941-05-12');
  zhang = await w.person('gridA1', {
    householdId: homeA1,
    name: '张桂兰',
    idKind: 'resident_id',
    idNumber: zhangId.value,
    mobile: '13912345678',
    ethnicity: '汉族',
    registeredAddress: '包头市青山区青福镇保利社区3号楼501',
  });
});
afterAll(() => t.close());

describe('ID numbers', () => {
  it('refuses a wrong check character, an impossible birth date and a malformed number with stable codes', async () => {
    const good = w.idFor('1980-01-01');
    const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const cases: [string, string][] = [
      [badCheck, 'checksum'],
      ['150204' + '19800230' + '1234', 'birth_date'],
      ['15020419800101123', 'format'],
    ];
    for (const [idNumber, problem] of cases) {
      const res = await w.api('staffA', 'POST', '/registry/persons', { householdId: homeA1, relation: 'spouse', name: '王某', idKind: 'resident_id', idNumber }, 'en');
      expect(res.statusCode, idNumber).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('id_number_invalid');
      expect(error.details.problem).toBe(problem);
      expect(error.messages.zh).toMatch(problem === 'checksum' ? /校验位/ : problem === 'birth_date' ? /出生日期/ : /格式/);
    }
  });

  it('takes the birth date and gender from the number and refuses a conflicting birth date', async () => {
    const res = await w.api('staffA', 'GET', `/registry/persons/${zhang}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ birthDate: '1941-05-12', gender: 'male', age: 84 });
    const conflict = await w.api('staffA', 'POST', '/registry/persons', {
      householdId: homeA1,
      relation: 'spouse',
      name: '李某',
      idKind: 'resident_id',
      idNumber: w.idFor('1950-02-02', false),
      birthDate: '1950-02-03',
    });
    expect(conflict.statusCode).toBe(400);
    expect(conflict.json().error.code).toBe('birth_date_conflict');
  });

  it('stores no column holding the plain number (nor its first 17 characters)', async () => {
    const rows = await queryRows<Record<string, unknown>>(t.database.db, sql`select * from persons`);
    expect(rows.length).toBeGreaterThan(0);
    const row = rows.find((r) => r.id === zhang)!;
    expect(row.id_cipher).toBeTruthy();
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id_last4).toBe(zhangId.value.slice(-4));
    for (const r of rows) {
      for (const [column, value] of Object.entries(r)) {
        const text = value instanceof Date ? value.toISOString() : JSON.stringify(value) ?? '';
        expect(text.includes(zhangId.value.slice(0, 17)), column).toBe(false);
      }
    }
  });

  it('is masked on every read, and found by an exact search through its hash', async () => {
    const one = (await w.api('staffA', 'GET', `/registry/persons/${zhang}`)).json();
    expect(one.idNumber).toBe('*'.repeat(14) + zhangId.value.slice(-4));
    expect(one.mobile).toBe('139****5678');
    expect(one.registeredAddress).not.toContain('501');
    expect(one.name).toBe('张桂兰');
    const found = (await w.api('staffA', 'GET', `/registry/persons?q=${zhangId.value}`)).json();
    expect(found.items.map((p: { id: number }) => p.id)).toEqual([zhang]);
    expect(JSON.stringify(found)).not.toContain(zhangId.value);
    const byPinyin = (await w.api('staffA', 'GET', '/registry/persons?q=zhanggui')).json();
    expect(byPinyin.items.map((p: { id: number }) => p.id)).toContain(zhang);
    const byInitials = (await w.api('staffA', 'GET', '/registry/persons?q=zgl')).json();
    expect(byInitials.items.map((p: { id: number }) => p.id)).toContain(zhang);
    const byMobile = (await w.api('staffA', 'GET', '/registry/persons?q=5678')).json();
    expect(byMobile.items.map((p: { id: number }) => p.id)).toContain(zhang);
  });
});

describe('the full view', () => {
  it('shows the number with a reason and writes the audit row with the reason and the fields', async () => {
    const res = await w.api('staffA', 'POST', `/registry/persons/${zhang}/full-view`, { reason: '核实高龄津贴申请' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ idNumber: zhangId.value, mobile: '13912345678', registeredAddress: '包头市青山区青福镇保利社区3号楼501' });
    const [audit] = await queryRows<{ action: string; actor_user_id: number; details: { reason: string; fields: string[] } }>(
      t.database.db,
      sql`select action, actor_user_id, details from audit_log where action = 'person.view_full' and object_type = 'person' and object_id = ${String(zhang)}`,
    );
    expect(audit).toMatchObject({ actor_user_id: w.id.staffA, details: { reason: '核实高龄津贴申请', fields: ['id_number', 'mobile', 'registered_address'] } });
  });

  it('is 400 without a reason, 403 without personal.view_full, 404 outside the subtree', async () => {
    const blank = await w.api('staffA', 'POST', `/registry/persons/${zhang}/full-view`, { reason: '  看 ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.code).toBe('reason_required');
    expect((await w.api('staffA', 'POST', `/registry/persons/${zhang}/full-view`, {})).statusCode).toBe(400);
    // A grid worker reads the registry of the grid but does not hold personal.view_full.
    const grid = await w.api('gridA1', 'POST', `/registry/persons/${zhang}/full-view`, { reason: '入户走访核对' });
    expect(grid.statusCode).toBe(403);
    for (const who of ['gridA2', 'gridB1', 'staffB'] as const) {
      const res = await w.api(who, 'POST', `/registry/persons/${zhang}/full-view`, { reason: '入户走访核对' });
      expect(res.statusCode, who).toBe(404);
    }
    const [n] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log where action = 'person.view_full' and object_id = ${String(zhang)}`);
    expect(n!.n).toBe(1);
  });
});

describe('duplicates', () => {
  it('names the existing person to a caller who may see them', async () => {
    const res = await w.api('staffA', 'POST', '/registry/persons', { householdId: homeA2, relation: 'head', name: '张桂兰', idNumber: zhangId.value.toLowerCase() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'person_duplicate', details: { personId: zhang, name: '张桂兰' } });
  });

  it('does not leak the name across communities', async () => {
    const res = await w.api('staffB', 'POST', '/registry/persons', { householdId: homeB1, relation: 'head', name: '某人', idNumber: zhangId.value });
    expect(res.statusCode).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('person_duplicate');
    expect(error.details).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('张');
  });
});

describe('reach', () => {
  it('keeps a grid worker to their grid and a community to itself', async () => {
    const b = await w.person('staffB', { householdId: homeB1, name: '巴特尔', idNumber: w.idFor('1970-07-07'), ethnicity: '蒙古族' });
    expect((await w.api('gridA2', 'GET', `/registry/persons/${zhang}`)).statusCode).toBe(404);
    expect((await w.api('gridB1', 'GET', `/registry/persons/${zhang}`)).statusCode).toBe(404);
    expect((await w.api('staffA', 'GET', `/registry/persons/${b}`)).statusCode).toBe(404);
    expect((await w.api('staffA', 'GET', `/registry/households/${homeB1}`)).statusCode).toBe(404);
    expect((await w.api('gridA2', 'PATCH', `/registry/persons/${zhang}`, { note: 'x' })).statusCode).toBe(404);
    const gridA2List = (await w.api('gridA2', 'GET', '/registry/persons')).json();
    expect(gridA2List.items.map((p: { id: number }) => p.id)).not.toContain(zhang);
    const staffA = (await w.api('staffA', 'GET', '/registry/persons')).json();
    expect(staffA.items.map((p: { id: number }) => p.id)).toContain(zhang);
    expect(staffA.items.map((p: { id: number }) => p.id)).not.toContain(b);
    expect((await w.api('gridA2', 'GET', `/registry/persons?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(404);
    // A building leader holds no registry.read: the registry is not theirs.
    expect((await w.api('leader', 'GET', '/registry/persons')).statusCode).toBe(403);
    expect((await w.api('leader', 'GET', `/registry/persons/${zhang}`)).statusCode).toBe(404);
  });

  it('refuses an unknown ethnicity and a malformed mobile', async () => {
    const e = await w.api('staffA', 'POST', '/registry/persons', { householdId: homeA2, relation: 'head', name: '赵某', ethnicity: '火星族' });
    expect(e.json().error.code).toBe('ethnicity_unknown');
    const m = await w.api('staffA', 'POST', '/registry/persons', { householdId: homeA2, relation: 'head', name: '赵某', mobile: '12345' });
    expect(m.json().error.code).toBe('mobile_invalid');
  });
});

describe('moves', () => {
  it('within the community: the old stay is closed, a new one opens, the grid follows', async () => {
    const son = await w.person('staffA', { householdId: homeA1, relation: 'child', name: '张建军', idNumber: w.idFor('1968-03-03'), movedInOn: '2000-01-01' });
    const res = await w.api('staffA', 'POST', `/registry/persons/${son}/move`, { reason: 'moved_within', toHouseholdId: homeA2, relation: 'head', on: '2026-02-01' });
    expect(res.statusCode).toBe(200);
    const moved = res.json();
    expect(moved).toMatchObject({ householdId: homeA2, relation: 'head', gridId: w.tree.gridA2.id });
    expect(moved.history).toHaveLength(2);
    expect(moved.history[1]).toMatchObject({ householdId: homeA1, movedInOn: '2000-01-01', movedOutOn: '2026-02-01', movedOutReason: 'moved_within' });
    expect(moved.history[0]).toMatchObject({ householdId: homeA2, movedInOn: '2026-02-01', movedInReason: 'moved_within', movedOutOn: null });
    const old = (await w.api('staffA', 'GET', `/registry/households/${homeA1}`)).json();
    expect(old.members.map((p: { id: number }) => p.id)).not.toContain(son);
    expect(old.history.find((r: { personId: number }) => r.personId === son)).toMatchObject({ movedOutOn: '2026-02-01' });
    // Now the grid worker of A2 reaches him and A1's does not.
    expect((await w.api('gridA2', 'GET', `/registry/persons/${son}`)).statusCode).toBe(200);
    expect((await w.api('gridA1', 'GET', `/registry/persons/${son}`)).statusCode).toBe(404);
  });

  it('out of the area: the person keeps their history, leaves the household, and the empty household can be closed', async () => {
    const tenant = await w.person('staffA', { householdId: homeA2, relation: 'non_relative', name: '刘洋', movedInOn: '2025-06-01' });
    const early = await w.api('staffA', 'POST', `/registry/persons/${tenant}/move`, { reason: 'moved_away', on: '2025-05-01' });
    expect(early.json().error.code).toBe('move_before_move_in');
    const res = await w.api('staffA', 'POST', `/registry/persons/${tenant}/move`, { reason: 'moved_away', on: '2026-02-20', movedOutTo: '呼和浩特市' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ householdId: null, address: null });
    expect(res.json().history[0]).toMatchObject({ movedOutOn: '2026-02-20', movedOutReason: 'moved_away', movedOutTo: '呼和浩特市' });
    const current = (await w.api('staffA', 'GET', '/registry/persons?limit=200')).json();
    expect(current.items.map((p: { id: number }) => p.id)).not.toContain(tenant);
    const gone = (await w.api('staffA', 'GET', '/registry/persons?movedOut=true')).json();
    expect(gone.items.map((p: { id: number }) => p.id)).toContain(tenant);

    const empty = await w.household('staffA', w.unitA2.id, '402');
    const lodger = await w.person('staffA', { householdId: empty, name: '孙某' });
    expect((await w.api('staffA', 'POST', `/registry/households/${empty}/close`, {})).json().error.code).toBe('household_not_empty');
    await w.api('staffA', 'POST', `/registry/persons/${lodger}/move`, { reason: 'moved_within', toHouseholdId: homeA2, relation: 'non_relative', on: '2026-03-02' });
    const closed = await w.api('staffA', 'POST', `/registry/households/${empty}/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closedAt).toBeTruthy();
    expect(closed.json().history).toHaveLength(1);
  });
});

describe('moving in again from elsewhere', () => {
  it('reuses the record of someone who moved out, and shows the new community only the dates of the earlier stays', async () => {
    const idNumber = w.idFor('1985-09-09');
    const wang = await w.person('staffA', { householdId: homeA2, relation: 'non_relative', name: '王晓燕', idNumber, movedInOn: '2024-03-01', note: '保利社区的备注' });
    await w.api('staffA', 'POST', `/registry/persons/${wang}/move`, { reason: 'moved_away', on: '2026-01-10', movedOutTo: '草原社区' });
    const early = await w.api('staffB', 'POST', '/registry/persons', { householdId: homeB1, relation: 'spouse', name: '王晓燕', idNumber, movedInOn: '2026-01-01' });
    expect(early.json().error.code).toBe('moved_in_before_moved_out');
    const res = await w.api('staffB', 'POST', '/registry/persons', { householdId: homeB1, relation: 'spouse', name: '王晓燕', idNumber, movedInOn: '2026-01-12' });
    expect(res.statusCode).toBe(201);
    const back = res.json();
    expect(back.id).toBe(wang);
    expect(back).toMatchObject({ householdId: homeB1, gridId: w.tree.gridB1.id, note: null });
    expect(back.history).toHaveLength(2);
    expect(back.history[0]).toMatchObject({ householdId: homeB1, movedInOn: '2026-01-12', outsideScope: false });
    expect(back.history[1]).toMatchObject({ movedInOn: '2024-03-01', movedOutOn: '2026-01-10', outsideScope: true, householdAddress: '', movedOutTo: null, note: null });
    expect(JSON.stringify(back)).not.toContain('保利');
    // Community A keeps its household's history but no longer reaches the person.
    expect((await w.api('staffA', 'GET', `/registry/persons/${wang}`)).statusCode).toBe(404);
    const home = (await w.api('staffA', 'GET', `/registry/households/${homeA2}`)).json();
    expect(home.history.find((r: { personId: number }) => r.personId === wang)).toMatchObject({ movedOutOn: '2026-01-10' });
    // Living here now, the number is a duplicate again.
    const again = await w.api('staffB', 'POST', '/registry/persons', { householdId: homeB1, relation: 'child', name: '王晓燕', idNumber });
    expect(again.statusCode).toBe(409);
  });
});

describe('age and living alone, computed today', () => {
  it('counts 80+ and 90+ from the birth date against today in China', async () => {
    const old = await w.household('staffA', w.unitA1.id, '601');
    const ninety = await w.person('staffA', { householdId: old, name: '王秀英', birthDate: '1936-03-02', gender: 'female' });
    const over80 = (await w.api('staffA', 'GET', '/registry/persons?over80=true')).json();
    expect(over80.items.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([zhang, ninety]));
    const over90 = (await w.api('staffA', 'GET', '/registry/persons?over90=true')).json();
    expect(over90.items.map((p: { id: number }) => p.id)).toEqual([ninety]);
    const alone = (await w.api('staffA', 'GET', '/registry/persons?livingAlone=true')).json();
    expect(alone.items.map((p: { id: number }) => p.id)).toContain(ninety);
    // The day before her 90th birthday she was 89.
    t.clock.set('2026-03-01T23:00:00+08:00');
    await w.relogin('staffA');
    const before = (await w.api('staffA', 'GET', '/registry/persons?over90=true')).json();
    expect(before.items).toHaveLength(0);
    t.clock.set('2026-03-02T09:00:00+08:00');
    await w.relogin('staffA');
  });
});

describe('limits and places', () => {
  it('opens households only at a unit, building or community inside the caller’s reach', async () => {
    const grid = await w.api('staffA', 'POST', '/registry/households', { nodeId: w.tree.gridA1.id, door: '1' });
    expect(grid.json().error.code).toBe('place_not_for_household');
    expect((await w.api('gridA1', 'POST', '/registry/households', { nodeId: w.unitA2.id, door: '1' })).statusCode).toBe(404);
    expect((await w.api('leader', 'POST', '/registry/households', { nodeId: w.unitA1.id, door: '1' })).statusCode).toBe(404);
    const ok = await w.api('gridA1', 'POST', '/registry/households', { nodeId: w.unitA1.id, door: '702' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ gridId: w.tree.gridA1.id, communityId: w.tree.communityA.id, memberCount: 0 });
    expect(ok.json().placePath).toContain('1单元');
  });

  it('refuses a resident ID correction that conflicts with the stored birth date', async () => {
    const res = await w.api('staffA', 'PATCH', `/registry/persons/${zhang}`, { birthDate: '1941-05-13' });
    expect(res.json().error.code).toBe('birth_date_conflict');
    expect((await w.api('staffA', 'PATCH', `/registry/persons/${zhang}`, {})).statusCode).toBe(400);
  });

  it('stops someone opening full records in bulk', async () => {
    let last = 0;
    for (let i = 0; i < 61; i++) {
      last = (await w.api('secA', 'POST', `/registry/persons/${zhang}/full-view`, { reason: '批量核对测试' })).statusCode;
      if (last !== 200) break;
    }
    expect(last).toBe(429);
  });
});

describe('after all of the above', () => {
  it('stays agree with households, places follow households, and every person was registered through the service', async () => {
    const db = t.database.db;
    expect(await staysMatchPersons(db)).toEqual([]);
    expect(await placesFollowHouseholds(db)).toEqual([]);
    expect(await personsAudited(db)).toEqual([]);
  });
});
