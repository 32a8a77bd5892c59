// A region-scale resident registry for `npm run bench -- registry`, written in batches: buildings and units under
// every grid of the bench tree (set-based SQL), then per community its households and people (names from a fixed
// vocabulary with their pinyin, valid GB 11643 numbers sealed and hashed by the app's own PersonalCipher), their
// residences, and care tags on the elderly. Communities are filled in id order and remembered in
// bench_registry_fill, so a later run grows the same data set: the first communities hold the same people at every
// size, and a figure measured on them at two sizes shows whether the cost grows with the region.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/src/db/client.js';
import { makeResidentId } from '../server/src/platform/idNumber.js';
import type { PersonalCipher } from '../server/src/platform/personalCrypto.js';
import { pinyinKeys } from '../server/src/platform/pinyin.js';
import type { RegionTree } from './regionTree.js';

export const BUILDINGS_PER_GRID = 4;
export const UNITS_PER_BUILDING = 2;
export const HOUSEHOLDS_PER_UNIT = 4;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split('');
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '建国', '志强', '海军', '淑华', '玉兰', '巴特尔', '其木格', '萨仁', '乌云', '宝音', '那仁', '国庆', '红梅', '晓燕', '建平', '丽娜', '秀兰'];
const ETHNICITIES = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '蒙古族', '蒙古族', '回族', '满族'];

const surnameKeys = SURNAMES.map((s) => pinyinKeys(s));
const givenKeys = GIVEN.map((g) => pinyinKeys(g));

/** A fixed-seed PRNG (mulberry32), so a data set is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buildings and units under every grid of the tree (once). */
export async function ensurePlaces(db: Db, tree: RegionTree, log: (line: string) => void): Promise<void> {
  const [has] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from org_nodes where path <@ ${tree.rootPath}::ltree and kind = 'unit'`);
  if (Number(has!.n) > 0) return;
  await db.transaction(async (tx) => {
    for (const [kind, parent, per, name] of [
      ['building', 'grid', BUILDINGS_PER_GRID, '号楼'],
      ['unit', 'building', UNITS_PER_BUILDING, '单元'],
    ] as const) {
      const t0 = performance.now();
      const [made] = await queryRows<{ n: number }>(
        tx,
        sql`with made as (
              insert into org_nodes (id, parent_id, kind, name, name_pinyin, name_initials, path, depth, sort_order)
              overriding system value
              select s.id, s.parent_id, ${kind}, s.i::text || ${name}::text, s.i::text, s.i::text, s.parent_path || s.id::text, s.depth + 1, s.i
              from (select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id, o.*
                    from (select p.id as parent_id, p.path as parent_path, p.depth, g.i
                          from org_nodes p cross join generate_series(1, ${per}::int) as g(i)
                          where p.path <@ ${tree.rootPath}::ltree and p.kind = ${parent}
                          order by p.id, g.i) o
                    offset 0) s
              returning 1)
            select count(*)::int as n from made`,
      );
      log(`  places: ${Number(made!.n).toLocaleString('en-US')} ${kind} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  });
  await db.execute(sql`analyze org_nodes`);
}

/** Care tags the generator gives (the defaults the registry seeds, made here when the tree's root lacks them). */
async function tagIds(db: Db, tree: RegionTree): Promise<{ livingAlone: number; advancedAge: number; dibao: number }> {
  const now = new Date().toISOString();
  const wanted = [
    ['living_alone', '独居老人', 'ordinary'],
    ['advanced_age', '高龄老人', 'ordinary'],
    ['dibao', '低保', 'sensitive'],
  ] as const;
  const out: Record<string, number> = {};
  for (const [code, name, sensitivity] of wanted) {
    const [found] = await queryRows<{ id: number }>(
      db,
      sql`select t.id from care_tags t join org_nodes n on n.id = t.org_node_id
          where t.code = ${code} and ${tree.rootPath}::ltree <@ n.path order by n.depth desc limit 1`,
    );
    if (found) {
      out[code] = Number(found.id);
      continue;
    }
    const [made] = await queryRows<{ id: number }>(
      db,
      sql`insert into care_tags (org_node_id, code, name, sensitivity, visible_to_roles, purpose, retention_days, created_at, updated_at)
          values (${tree.rootId}, ${code}, ${name}, ${sensitivity},
                  array['system_admin','region_admin','city_admin','county_admin','town_admin','community_secretary','community_staff','grid_worker']::text[],
                  '关爱走访', 365, ${now}, ${now}) returning id`,
    );
    out[code] = Number(made!.id);
  }
  return { livingAlone: out.living_alone!, advancedAge: out.advanced_age!, dibao: out.dibao! };
}

export interface FillProgress {
  communities: number;
  persons: number;
  seconds: number;
}

export async function filledCommunities(db: Db): Promise<number[]> {
  await db.execute(sql`create table if not exists bench_registry_fill (community_id int primary key, persons int not null, filled_at timestamptz not null default now())`);
  const rows = await queryRows<{ id: number }>(db, sql`select community_id as id from bench_registry_fill order by community_id`);
  return rows.map((r) => Number(r.id));
}

export async function countPersons(db: Db, tree: RegionTree): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(sum(persons), 0)::int as n from bench_registry_fill f join org_nodes c on c.id = f.community_id where c.path <@ ${tree.rootPath}::ltree`,
  );
  return Number(row!.n);
}

/**
 * Fill communities (in id order) until `communities` of them hold people. Each community is one transaction:
 * households per unit, 1–4 people each (about 2.5), residences, and tags on about one in ten.
 */
export async function fillCommunities(
  db: Db,
  tree: RegionTree,
  cipher: PersonalCipher,
  communities: number,
  onProgress: (p: FillProgress) => void,
): Promise<void> {
  const done = new Set(await filledCommunities(db));
  const all = await queryRows<{ id: number }>(db, sql`select id from org_nodes where path <@ ${tree.rootPath}::ltree and kind = 'community' order by id limit ${communities}`);
  const todo = all.map((r) => Number(r.id)).filter((id) => !done.has(id));
  if (todo.length === 0) return;
  const tags = await tagIds(db, tree);
  const started = performance.now();
  let persons = 0;
  let filled = 0;
  for (const communityId of todo) {
    persons += await fillOne(db, communityId, cipher, tags);
    filled++;
    if (filled % 10 === 0 || filled === todo.length) onProgress({ communities: filled, persons, seconds: (performance.now() - started) / 1000 });
  }
  await db.execute(sql`vacuum (analyze) households, persons, residences, person_tags`);
}

async function fillOne(db: Db, communityId: number, cipher: PersonalCipher, tags: { livingAlone: number; advancedAge: number; dibao: number }): Promise<number> {
  const units = await queryRows<{ id: number; grid: number; bname: string; uname: string }>(
    db,
    sql`select u.id, g.id as grid, b.name as bname, u.name as uname
        from org_nodes g join org_nodes b on b.parent_id = g.id join org_nodes u on u.parent_id = b.id
        where g.parent_id = ${communityId} and g.kind = 'grid' order by u.id`,
  );
  const rand = prng(communityId);
  const now = new Date();
  const nowIso = now.toISOString();
  let count = 0;
  await db.transaction(async (tx) => {
    // Households: HOUSEHOLDS_PER_UNIT per unit, doors 101, 201, …
    const hNode: number[] = [];
    const hGrid: number[] = [];
    const hDoor: string[] = [];
    for (const u of units) {
      for (let h = 0; h < HOUSEHOLDS_PER_UNIT; h++) {
        hNode.push(Number(u.id));
        hGrid.push(Number(u.grid));
        hDoor.push(`${h + 1}01`);
      }
    }
    const households = await queryRows<{ id: number; node_id: number; grid_id: number }>(
      tx,
      sql`insert into households (node_id, grid_id, community_id, door, created_at, updated_at)
          select n, g, ${communityId}, d, ${nowIso}, ${nowIso}
          from unnest(${sql.param(hNode)}::int[], ${sql.param(hGrid)}::int[], ${sql.param(hDoor)}::text[]) as t(n, g, d)
          returning id, node_id, grid_id`,
    );
    const cols = {
      name: [] as string[],
      pinyin: [] as string[],
      initials: [] as string[],
      gender: [] as string[],
      birth: [] as string[],
      ethnicity: [] as string[],
      cipher: [] as string[],
      keyId: [] as string[],
      hash: [] as string[],
      last4: [] as string[],
      mobile: [] as string[],
      household: [] as number[],
      relation: [] as string[],
      grid: [] as number[],
      elderly: [] as boolean[],
    };
    for (const h of households) {
      const size = 1 + Math.floor(rand() * 4);
      const surname = Math.floor(rand() * SURNAMES.length);
      for (let k = 0; k < size; k++) {
        const given = Math.floor(rand() * GIVEN.length);
        const sn = k === 0 || rand() < 0.8 ? surname : Math.floor(rand() * SURNAMES.length);
        const year = k === 0 ? 1935 + Math.floor(rand() * 60) : 1950 + Math.floor(rand() * 74);
        const birth = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
        // Unique per person across the region: the community id makes the six-digit division, the running number
        // (under 1,000 people per community) the sequence.
        const id = makeResidentId(String(150000 + communityId), birth, count);
        const sealed = cipher.seal(id);
        cols.name.push(SURNAMES[sn]! + GIVEN[given]!);
        cols.pinyin.push(surnameKeys[sn]!.full + givenKeys[given]!.full);
        cols.initials.push(surnameKeys[sn]!.initials + givenKeys[given]!.initials);
        cols.gender.push(Number(id[16]) % 2 === 1 ? 'male' : 'female');
        cols.birth.push(birth);
        cols.ethnicity.push(ETHNICITIES[Math.floor(rand() * ETHNICITIES.length)]!);
        cols.cipher.push(sealed.cipher);
        cols.keyId.push(sealed.keyId);
        cols.hash.push(cipher.hash(id));
        cols.last4.push(id.slice(-4));
        cols.mobile.push(`13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`);
        cols.household.push(Number(h.id));
        cols.relation.push(k === 0 ? 'head' : k === 1 ? 'spouse' : 'child');
        cols.grid.push(Number(h.grid_id));
        cols.elderly.push(year < 1950);
        count++;
      }
    }
    const made = await queryRows<{ id: number; household_id: number; birth_date: string }>(
      tx,
      sql`insert into persons (name, name_pinyin, name_initials, gender, birth_date, ethnicity, id_kind, id_cipher, id_key_id, id_hash, id_last4,
                               mobile, household_id, relation, grid_id, community_id, created_at, updated_at)
          select name, py, ini, g, b::date, e, 'resident_id', c, k, h, l4, m, hh, r, gr, ${communityId}, ${nowIso}, ${nowIso}
          from unnest(${sql.param(cols.name)}::text[], ${sql.param(cols.pinyin)}::text[], ${sql.param(cols.initials)}::text[], ${sql.param(cols.gender)}::text[], ${sql.param(cols.birth)}::text[],
                      ${sql.param(cols.ethnicity)}::text[], ${sql.param(cols.cipher)}::text[], ${sql.param(cols.keyId)}::text[], ${sql.param(cols.hash)}::text[], ${sql.param(cols.last4)}::text[],
                      ${sql.param(cols.mobile)}::text[], ${sql.param(cols.household)}::int[], ${sql.param(cols.relation)}::text[], ${sql.param(cols.grid)}::int[])
               as t(name, py, ini, g, b, e, c, k, h, l4, m, hh, r, gr)
          returning id, household_id, birth_date::text`,
    );
    await tx.execute(
      sql`insert into residences (person_id, household_id, relation, moved_in_on, moved_in_reason, created_at)
          select p.id, p.household_id, p.relation, (${nowIso}::timestamptz - interval '3 years')::date, 'moved_in', ${nowIso}
          from persons p where p.community_id = ${communityId}`,
    );
    // Tags: the elderly who live alone, 80+ as 高龄, and about one household in twenty on 低保.
    const tagPerson: number[] = [];
    const tagTag: number[] = [];
    const sizes = new Map<number, number>();
    for (const p of made) sizes.set(Number(p.household_id), (sizes.get(Number(p.household_id)) ?? 0) + 1);
    for (const p of made) {
      const year = Number(String(p.birth_date).slice(0, 4));
      const alone = sizes.get(Number(p.household_id)) === 1;
      if (year < 1960 && alone) {
        tagPerson.push(Number(p.id));
        tagTag.push(tags.livingAlone);
      }
      if (year <= now.getUTCFullYear() - 80) {
        tagPerson.push(Number(p.id));
        tagTag.push(tags.advancedAge);
      }
      if (rand() < 0.02) {
        tagPerson.push(Number(p.id));
        tagTag.push(tags.dibao);
      }
    }
    if (tagPerson.length > 0) {
      await tx.execute(
        sql`insert into person_tags (person_id, tag_id, added_at)
            select p, t, ${nowIso}::timestamptz - interval '60 days' from unnest(${sql.param(tagPerson)}::int[], ${sql.param(tagTag)}::int[]) as x(p, t)`,
      );
    }
    await tx.execute(sql`insert into bench_registry_fill (community_id, persons) values (${communityId}, ${made.length})`);
  });
  return count;
}
