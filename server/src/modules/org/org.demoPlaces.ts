/**
 * The demo data set: the places of Baotou's Qingshan district (包头市青山区) named in the seed articles, and
 * one account for each kind of person who uses Lianxin. Every demo account has the published password below,
 * which is why the demo is refused in production.
 */
export const DEMO_PASSWORD = 'Demo@2026';

export const REGION_CODE = '15';
/** 包头市青山区 */
export const QINGSHAN_CODE = '150204';

export interface DemoTown {
  /** Division code of the town or street; looked up by name under Qingshan when the code is absent. */
  code: string;
  name: string;
  subkind: 'street' | 'town';
  /** South-west corner of the block where this town's demo grids are drawn, [lng, lat]. */
  origin: [number, number];
  /** Communities to set up, in this order; created under the town when the division data lacks them. */
  communities: { name: string; grids?: number }[];
  /** Also set up every other community the division data lists under this town. */
  allCommunities?: boolean;
}

export const DEMO_TOWNS: DemoTown[] = [
  { code: '150204100', name: '青福镇', subkind: 'town', origin: [109.9, 40.69], communities: [{ name: '保利社区', grids: 4 }] },
  {
    code: '150204004',
    name: '富强路街道',
    subkind: 'street',
    origin: [109.86, 40.64],
    communities: [{ name: '丰产社区', grids: 3 }, { name: '锦林社区', grids: 2 }],
    allCommunities: true,
  },
  { code: '150204003', name: '万青路街道', subkind: 'street', origin: [109.9, 40.655], communities: [{ name: '草原社区', grids: 3 }] },
  { code: '150204001', name: '先锋道街道', subkind: 'street', origin: [109.84, 40.66], communities: [{ name: '青园社区', grids: 3 }] },
  { code: '150204006', name: '青山路街道', subkind: 'street', origin: [109.88, 40.67], communities: [{ name: '民一社区', grids: 2 }] },
];

/** Grid counts for communities the list above does not size, taken in turn. */
export const DEFAULT_GRID_COUNTS = [3, 2, 4];
export const BUILDINGS_PER_GRID = 2;

/** About 300 m: 0.0036° of longitude and 0.0027° of latitude at 40.65° N. */
export const GRID_WIDTH = 0.0036;
export const GRID_HEIGHT = 0.0027;
/** Each community's block of grids: three columns of towns' communities, wide enough for 3 grids in a row. */
export const COMMUNITY_STEP_LNG = 0.012;
export const COMMUNITY_STEP_LAT = 0.007;

export const GRID_NAMES = ['第一网格', '第二网格', '第三网格', '第四网格'];

export type DemoRoleAt =
  | { kind: 'region' }
  | { kind: 'county' }
  | { kind: 'community'; community: string }
  | { kind: 'grid'; community: string; grid: number };

export interface DemoAccount {
  username: string;
  displayName: string;
  mobile: string;
  role: string;
  at: DemoRoleAt;
  /** For residents: file them under the first unit of the first building of this grid (0-based). */
  homeUnitInGrid?: number;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', mobile: '13904720001', role: 'system_admin', at: { kind: 'region' } },
  { username: 'qingshan.admin', displayName: '刘志强', mobile: '13904720002', role: 'county_admin', at: { kind: 'county' } },
  { username: 'baoli.staff', displayName: '王丽娜', mobile: '13904720003', role: 'community_staff', at: { kind: 'community', community: '保利社区' } },
  { username: 'caoyuan.staff', displayName: '其木格', mobile: '13904720004', role: 'community_staff', at: { kind: 'community', community: '草原社区' } },
  { username: 'baoli.grid1', displayName: '张海军', mobile: '13904720005', role: 'grid_worker', at: { kind: 'grid', community: '保利社区', grid: 0 } },
  {
    username: 'resident.baoli',
    displayName: '李桂兰',
    mobile: '13904720006',
    role: 'resident',
    at: { kind: 'community', community: '保利社区' },
    homeUnitInGrid: 0,
  },
  // The people who work the requests demo in the other communities (not listed in the README: same password).
  { username: 'baoli.grid2', displayName: '高志刚', mobile: '13904720011', role: 'grid_worker', at: { kind: 'grid', community: '保利社区', grid: 1 } },
  { username: 'caoyuan.grid1', displayName: '巴特尔', mobile: '13904720012', role: 'grid_worker', at: { kind: 'grid', community: '草原社区', grid: 0 } },
  { username: 'caoyuan.grid2', displayName: '萨仁', mobile: '13904720013', role: 'grid_worker', at: { kind: 'grid', community: '草原社区', grid: 1 } },
  { username: 'fengchan.staff', displayName: '赵红梅', mobile: '13904720014', role: 'community_staff', at: { kind: 'community', community: '丰产社区' } },
  { username: 'fengchan.grid1', displayName: '孙建军', mobile: '13904720015', role: 'grid_worker', at: { kind: 'grid', community: '丰产社区', grid: 0 } },
  { username: 'fengchan.grid2', displayName: '周晓燕', mobile: '13904720016', role: 'grid_worker', at: { kind: 'grid', community: '丰产社区', grid: 1 } },
  { username: 'qingyuan.staff', displayName: '乌云', mobile: '13904720017', role: 'community_staff', at: { kind: 'community', community: '青园社区' } },
  { username: 'qingyuan.grid1', displayName: '马国庆', mobile: '13904720018', role: 'grid_worker', at: { kind: 'grid', community: '青园社区', grid: 0 } },
  { username: 'minyi.staff', displayName: '陈淑华', mobile: '13904720019', role: 'community_staff', at: { kind: 'community', community: '民一社区' } },
  { username: 'minyi.grid1', displayName: '郝建平', mobile: '13904720020', role: 'grid_worker', at: { kind: 'grid', community: '民一社区', grid: 0 } },
  // Residents who report in the requests demo; 张秀英 also shows that 保利社区's rooms are not hers to book.
  { username: 'resident.caoyuan', displayName: '张秀英', mobile: '13904720109', role: 'resident', at: { kind: 'community', community: '草原社区' }, homeUnitInGrid: 0 },
  { username: 'baoli.wangjg', displayName: '王建国', mobile: '13904720031', role: 'resident', at: { kind: 'community', community: '保利社区' }, homeUnitInGrid: 1 },
  { username: 'caoyuan.nars', displayName: '娜仁花', mobile: '13904720032', role: 'resident', at: { kind: 'community', community: '草原社区' }, homeUnitInGrid: 1 },
  { username: 'caoyuan.liuyang', displayName: '刘洋', mobile: '13904720033', role: 'resident', at: { kind: 'community', community: '草原社区' }, homeUnitInGrid: 2 },
  { username: 'fengchan.zhangwei', displayName: '张伟', mobile: '13904720034', role: 'resident', at: { kind: 'community', community: '丰产社区' }, homeUnitInGrid: 0 },
  { username: 'fengchan.lina', displayName: '李娜', mobile: '13904720035', role: 'resident', at: { kind: 'community', community: '丰产社区' }, homeUnitInGrid: 1 },
  { username: 'qingyuan.yangl', displayName: '杨磊', mobile: '13904720036', role: 'resident', at: { kind: 'community', community: '青园社区' }, homeUnitInGrid: 0 },
  { username: 'qingyuan.gerl', displayName: '格日勒', mobile: '13904720037', role: 'resident', at: { kind: 'community', community: '青园社区' }, homeUnitInGrid: 1 },
  { username: 'minyi.zhoul', displayName: '周丽', mobile: '13904720038', role: 'resident', at: { kind: 'community', community: '民一社区' }, homeUnitInGrid: 0 },
  { username: 'minyi.hezq', displayName: '何志强', mobile: '13904720039', role: 'resident', at: { kind: 'community', community: '民一社区' }, homeUnitInGrid: 1 },
];

/** The accounts the README lists; the others work the requests demo. */
export const LISTED_ACCOUNTS = ['admin', 'qingshan.admin', 'baoli.staff', 'caoyuan.staff', 'baoli.grid1', 'resident.baoli'];
