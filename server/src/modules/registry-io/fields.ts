import { normalizeHeader } from '../requests/import/columns.js';

/**
 * The columns of a community's 实有人口登记表 and the header words communities use for them. Headers are compared
 * after dropping spaces, asterisks, colons and anything in brackets ("联系电话（手机）" is 联系电话).
 */
export const REGISTRY_FIELDS = [
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'idNumber',
  'mobile',
  'relation',
  'registeredAddress',
  'building',
  'unit',
  'door',
  'householdNo',
  'livingStatus',
  'tags',
  'note',
] as const;
export type RegistryField = (typeof REGISTRY_FIELDS)[number];

export const FIELD_LABELS: Record<RegistryField, { zh: string; en: string; aliases: string[] }> = {
  name: { zh: '姓名', en: 'name', aliases: ['姓名', '名字', '居民姓名', '人员姓名', 'name'] },
  gender: { zh: '性别', en: 'gender', aliases: ['性别', 'gender', 'sex'] },
  ethnicity: { zh: '民族', en: 'ethnicity', aliases: ['民族', '族别', 'ethnicity'] },
  birthDate: { zh: '出生日期', en: 'date of birth', aliases: ['出生日期', '出生年月', '出生年月日', '生日', 'birthdate', 'birthday'] },
  idNumber: {
    zh: '身份证号',
    en: 'ID number',
    aliases: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '证件号', '居民身份证号码', 'idnumber', 'idno'],
  },
  mobile: { zh: '联系电话', en: 'phone', aliases: ['联系电话', '手机', '手机号', '手机号码', '电话', '电话号码', '联系方式', 'mobile', 'phone'] },
  relation: { zh: '与户主关系', en: 'relation to the head', aliases: ['与户主关系', '户主关系', '关系', '家庭关系', 'relation'] },
  registeredAddress: { zh: '户籍地址', en: 'registered address', aliases: ['户籍地址', '户籍地', '户籍所在地', '户口所在地', '户籍住址', 'registeredaddress', 'hukou'] },
  building: { zh: '楼栋', en: 'building', aliases: ['楼栋', '楼号', '楼栋号', '栋', '楼', '幢', '栋号', 'building'] },
  unit: { zh: '单元', en: 'unit', aliases: ['单元', '单元号', 'unit'] },
  door: { zh: '门牌', en: 'door', aliases: ['门牌', '门牌号', '房号', '室', '房间号', '室号', '门号', 'door', 'room'] },
  householdNo: { zh: '户号', en: 'household number', aliases: ['户号', '户编号', '户籍号', 'householdno'] },
  livingStatus: { zh: '居住状态', en: 'living status', aliases: ['居住状态', '是否外出', '人员状态', '状态', '在住情况', 'livingstatus', 'status'] },
  tags: { zh: '标签', en: 'tags', aliases: ['标签', '人员类别', '人员标签', '人员类型', '特殊人群', '关怀标签', 'tags'] },
  note: { zh: '备注', en: 'note', aliases: ['备注', '说明', '其他', 'note', 'remark'] },
};

const aliasIndex = new Map<string, RegistryField>();
for (const field of REGISTRY_FIELDS) for (const alias of FIELD_LABELS[field].aliases) aliasIndex.set(normalizeHeader(alias), field);

export type ColumnMapping = Partial<Record<RegistryField, number>>;

/** The automatic mapping of a header row: each field to the first column whose header names it. */
export function guessMapping(headers: string[]): ColumnMapping {
  const found: ColumnMapping = {};
  headers.forEach((header, i) => {
    const field = header ? aliasIndex.get(normalizeHeader(header)) : undefined;
    if (field && found[field] === undefined) found[field] = i;
  });
  return found;
}

/** How many known fields a row would map (to find the header among the first rows). */
export function headerScore(headers: string[]): number {
  return Object.keys(guessMapping(headers)).length;
}
