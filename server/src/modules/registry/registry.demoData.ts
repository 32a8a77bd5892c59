import type { Relation } from '../../db/schema/registry.js';

/**
 * The registry demo's people: households in 保利社区 (across its four grids) and 草原社区, Han and Mongolian
 * families, the elderly of 保利社区's first grid living alone and of advanced age (张海军's visits), one person with
 * a disability and one on 低保. Birth dates are fixed; ID numbers are made from Baotou's division codes.
 */
export type DemoTag = string | { code: string; detail?: Record<string, string>; note?: string };

export interface DemoMember {
  name: string;
  relation: Relation;
  birthDate: string;
  male: boolean;
  ethnicity?: string;
  /** A Baotou division code (150202 东河, 150203 昆都仑, 150204 青山, 150205 石拐, 150207 九原, 150221 土右旗). */
  division?: string;
  mobile?: string;
  tags?: DemoTag[];
  away?: string;
}

export interface DemoHousehold {
  community: '保利社区' | '草原社区';
  /** Grid (0-based), building within the grid (0-based), unit (1-based). */
  grid: number;
  building: number;
  unit: number;
  door: string;
  members: DemoMember[];
}

const m = (name: string, relation: Relation, birthDate: string, male: boolean, extra: Partial<DemoMember> = {}): DemoMember => ({
  name,
  relation,
  birthDate,
  male,
  ...extra,
});

export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
  // 保利社区 第一网格: the elderly 张海军 visits.
  { community: '保利社区', grid: 0, building: 0, unit: 1, door: '101', members: [m('王秀兰', 'head', '1938-04-16', false, { mobile: '13904721101', tags: ['living_alone', 'advanced_age'] })] },
  { community: '保利社区', grid: 0, building: 0, unit: 1, door: '302', members: [m('李德顺', 'head', '1942-11-03', true, { division: '150202', tags: ['living_alone', 'advanced_age', { code: 'disabled', detail: { type: '肢体', grade: '三级' } }] })] },
  {
    community: '保利社区',
    grid: 0,
    building: 0,
    unit: 2,
    door: '201',
    members: [m('赵玉珍', 'head', '1935-08-21', false, { tags: ['advanced_age', 'empty_nest'] }), m('孙福贵', 'spouse', '1933-02-09', true, { tags: ['advanced_age', 'veteran'] })],
  },
  { community: '保利社区', grid: 0, building: 0, unit: 2, door: '502', members: [m('刘桂芬', 'head', '1944-06-30', false, { mobile: '13904721102', tags: ['living_alone', { code: 'dibao', note: '2025年复核通过' }] })] },
  {
    community: '保利社区',
    grid: 0,
    building: 1,
    unit: 1,
    door: '402',
    members: [
      m('张建国', 'head', '1972-03-12', true, { mobile: '13904721103' }),
      m('王丽', 'spouse', '1975-09-25', false),
      m('张子涵', 'child', '2004-12-01', false, { away: '在呼和浩特上大学' }),
      m('张宇轩', 'child', '2012-05-18', true),
    ],
  },
  { community: '保利社区', grid: 0, building: 1, unit: 2, door: '101', members: [m('巴图', 'head', '1940-01-27', true, { ethnicity: '蒙古族', division: '150221', tags: ['living_alone', 'advanced_age'] })] },
  {
    community: '保利社区',
    grid: 0,
    building: 1,
    unit: 2,
    door: '601',
    members: [m('高淑琴', 'head', '1958-10-10', false, { tags: ['empty_nest'] }), m('陈永强', 'spouse', '1956-07-07', true, { tags: ['veteran'] })],
  },
  // 第二网格
  {
    community: '保利社区',
    grid: 1,
    building: 0,
    unit: 1,
    door: '301',
    members: [
      m('王建国', 'head', '1968-05-05', true, { mobile: '13904720031' }),
      m('李秀梅', 'spouse', '1970-02-14', false),
      m('王浩', 'child', '1995-11-11', true, { away: '在深圳务工' }),
    ],
  },
  {
    community: '保利社区',
    grid: 1,
    building: 0,
    unit: 2,
    door: '502',
    members: [m('乌兰', 'head', '1983-07-19', false, { ethnicity: '蒙古族', division: '150203', mobile: '13904721104' }), m('其其格', 'child', '2015-03-08', false, { ethnicity: '蒙古族', division: '150203', tags: ['left_behind_child'] })],
  },
  { community: '保利社区', grid: 1, building: 1, unit: 1, door: '202', members: [m('周德明', 'head', '1946-09-01', true, { tags: ['hardship'] }), m('吴桂英', 'spouse', '1948-12-24', false)] },
  {
    community: '保利社区',
    grid: 1,
    building: 1,
    unit: 2,
    door: '701',
    members: [m('郭志刚', 'head', '1980-08-08', true, { mobile: '13904721105' }), m('马晓燕', 'spouse', '1982-04-04', false, { ethnicity: '回族' }), m('郭思远', 'child', '2010-10-01', true)],
  },
  // 第三网格
  {
    community: '保利社区',
    grid: 2,
    building: 0,
    unit: 1,
    door: '102',
    members: [m('田凤英', 'head', '1939-03-03', false, { tags: ['advanced_age', 'living_alone'] })],
  },
  {
    community: '保利社区',
    grid: 2,
    building: 0,
    unit: 2,
    door: '401',
    members: [m('苏和', 'head', '1965-06-15', true, { ethnicity: '蒙古族', division: '150207' }), m('娜仁', 'spouse', '1967-01-20', false, { ethnicity: '蒙古族', division: '150207' }), m('苏日娜', 'child', '1992-09-09', false, { ethnicity: '蒙古族', division: '150207' })],
  },
  { community: '保利社区', grid: 2, building: 1, unit: 1, door: '303', members: [m('杨文华', 'head', '1977-12-12', true, { tags: [{ code: 'key_attention', note: '独自抚养两个孩子，工作不稳定' }] }), m('杨乐', 'child', '2011-02-02', true), m('杨欢', 'child', '2013-06-06', false)] },
  { community: '保利社区', grid: 2, building: 1, unit: 2, door: '501', members: [m('韩金花', 'head', '1950-05-20', false, { tags: ['tekun'] })] },
  // 第四网格
  {
    community: '保利社区',
    grid: 3,
    building: 0,
    unit: 1,
    door: '201',
    members: [m('冯国庆', 'head', '1949-10-01', true, { tags: ['veteran'] }), m('邓玉兰', 'spouse', '1951-08-15', false)],
  },
  { community: '保利社区', grid: 3, building: 0, unit: 2, door: '602', members: [m('许亮', 'head', '1988-01-01', true, { mobile: '13904721106' }), m('胡秀珍', 'parent', '1960-03-30', false)] },
  { community: '保利社区', grid: 3, building: 1, unit: 1, door: '101', members: [m('宝音', 'head', '1945-11-11', true, { ethnicity: '蒙古族', division: '150221', tags: ['advanced_age'] }), m('图雅', 'spouse', '1947-04-04', false, { ethnicity: '蒙古族', division: '150221' })] },
  { community: '保利社区', grid: 3, building: 1, unit: 2, door: '402', members: [m('沈晓东', 'head', '1990-07-07', true), m('林芳', 'spouse', '1991-08-08', false), m('沈小宝', 'child', '2021-09-09', true)] },
  { community: '保利社区', grid: 1, building: 1, unit: 1, door: '602', members: [] },
  // 草原社区
  {
    community: '草原社区',
    grid: 0,
    building: 0,
    unit: 1,
    door: '201',
    members: [m('额尔敦', 'head', '1943-02-12', true, { ethnicity: '蒙古族', division: '150221', tags: ['advanced_age', 'empty_nest'] }), m('萨仁高娃', 'spouse', '1946-05-05', false, { ethnicity: '蒙古族', division: '150221' })],
  },
  { community: '草原社区', grid: 0, building: 1, unit: 2, door: '301', members: [m('娜仁花', 'head', '1985-04-12', false, { ethnicity: '蒙古族', mobile: '13904720032' }), m('朝鲁', 'spouse', '1983-10-20', true, { ethnicity: '蒙古族' }), m('阿如娜', 'child', '2014-07-01', false, { ethnicity: '蒙古族' })] },
  { community: '草原社区', grid: 1, building: 0, unit: 1, door: '502', members: [m('刘洋', 'head', '1987-09-17', true, { mobile: '13904720033' }), m('赵静', 'spouse', '1989-03-21', false)] },
  { community: '草原社区', grid: 1, building: 1, unit: 2, door: '102', members: [m('张秀英', 'head', '1941-12-08', false, { mobile: '13904720109', tags: ['living_alone', 'advanced_age', { code: 'dibao' }] })] },
  { community: '草原社区', grid: 2, building: 0, unit: 1, door: '401', members: [m('哈斯', 'head', '1962-06-06', true, { ethnicity: '蒙古族', tags: [{ code: 'disabled', detail: { type: '听力', grade: '二级' } }] }), m('其木格', 'spouse', '1964-08-18', false, { ethnicity: '蒙古族' }), m('哈达', 'child', '1990-01-15', true, { ethnicity: '蒙古族', away: '在鄂尔多斯工作' })] },
  { community: '草原社区', grid: 2, building: 1, unit: 1, door: '203', members: [m('马德福', 'head', '1955-05-25', true, { ethnicity: '回族', tags: ['veteran'] }), m('白秀兰', 'spouse', '1957-09-29', false, { ethnicity: '回族' })] },
];

/** Moves the story records: by name, in 保利社区. */
export const DEMO_MOVES = {
  /** 王浩 moves out of the area (he settled in 深圳). */
  movedAway: { name: '王浩', to: '广东省深圳市', daysAgo: 40 },
  /** 许亮's mother moves from her son's home into the empty flat in 第二网格. */
  movedWithin: { name: '胡秀珍', toDoor: '602', toGrid: 1, daysAgo: 25 },
} as const;
