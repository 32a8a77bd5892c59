import type { TagSensitivity } from '../../db/schema/registry.js';

/**
 * The care tags every region starts with (PIPL art. 28: disability, subsistence aid, minors and "key attention"
 * are sensitive and shown only to the community's own staff, its grid workers and the administrations above;
 * building, unit and household leaders see only the ordinary ones). Seeded at each root region node, by code; an
 * administrator's later edits are kept.
 */
const ADMINS = ['system_admin', 'region_admin', 'city_admin', 'county_admin', 'town_admin'];
export const SENSITIVE_ROLES = [...ADMINS, 'community_secretary', 'community_staff', 'grid_worker'];
export const ORDINARY_ROLES = [...SENSITIVE_ROLES, 'building_leader', 'unit_leader', 'household_leader'];

export interface DefaultTag {
  code: string;
  name: string;
  nameEn: string;
  sensitivity: TagSensitivity;
  purpose: string;
  retentionDays: number;
  color: string;
  detailFields?: { key: string; label: string; labelEn: string; options?: string[] }[];
}

const YEAR = 365;

export const DEFAULT_TAGS: DefaultTag[] = [
  { code: 'living_alone', name: '独居老人', nameEn: 'Elderly living alone', sensitivity: 'ordinary', color: '#e6a23c', purpose: '定期走访、探视和应急联系', retentionDays: YEAR },
  { code: 'empty_nest', name: '空巢老人', nameEn: 'Empty-nest elderly', sensitivity: 'ordinary', color: '#e6a23c', purpose: '定期走访和关爱服务', retentionDays: YEAR },
  { code: 'advanced_age', name: '高龄老人', nameEn: 'Advanced age', sensitivity: 'ordinary', color: '#f56c6c', purpose: '高龄津贴、健康关怀和走访', retentionDays: YEAR },
  { code: 'dibao', name: '低保', nameEn: 'Subsistence allowance (dibao)', sensitivity: 'sensitive', color: '#909399', purpose: '最低生活保障的核查与帮扶', retentionDays: 3 * YEAR },
  { code: 'tekun', name: '特困供养', nameEn: 'Extreme-poverty support (tekun)', sensitivity: 'sensitive', color: '#909399', purpose: '特困人员供养的核查与帮扶', retentionDays: 3 * YEAR },
  {
    code: 'disabled',
    name: '残疾',
    nameEn: 'Disability',
    sensitivity: 'sensitive',
    color: '#409eff',
    purpose: '残疾人帮扶、无障碍和应急救助',
    retentionDays: 3 * YEAR,
    detailFields: [
      { key: 'type', label: '残疾类别', labelEn: 'Type', options: ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'] },
      { key: 'grade', label: '残疾等级', labelEn: 'Grade', options: ['一级', '二级', '三级', '四级'] },
    ],
  },
  { code: 'hardship', name: '困难群众', nameEn: 'Households in hardship', sensitivity: 'sensitive', color: '#909399', purpose: '临时救助和帮扶', retentionDays: 2 * YEAR },
  { code: 'left_behind_child', name: '留守儿童', nameEn: 'Left-behind child', sensitivity: 'sensitive', color: '#67c23a', purpose: '未成年人关爱保护', retentionDays: YEAR },
  { code: 'veteran', name: '退役军人', nameEn: 'Veteran', sensitivity: 'ordinary', color: '#67c23a', purpose: '退役军人服务和优抚', retentionDays: 5 * YEAR },
  { code: 'key_attention', name: '重点关注', nameEn: 'Key attention', sensitivity: 'sensitive', color: '#f56c6c', purpose: '需要社区重点关注和跟进的情况', retentionDays: YEAR },
];

export const rolesFor = (sensitivity: TagSensitivity) => (sensitivity === 'sensitive' ? SENSITIVE_ROLES : ORDINARY_ROLES);
