import type { RoomKind } from '../../db/schema/rooms.js';

/**
 * The function rooms of the seed article (000): 保利社区's center in 青福镇 — 舞蹈室, the 小舞蹈室 made free for
 * the dance teams, 棋牌室, 乒乓球室, 歌唱室, the 樊登书店 reading room and the 日间照料室 — where "eight or nine
 * dance teams shared one dance room"; and the after-school care 托管 at 草原社区 in 万青路街道, open into the
 * evening for working parents. Opening hours are Qingshan's from 22 October 2020.
 */

/** Qingshan's centers changed their hours on this date (seed 000). */
export const EXTENDED_FROM = '2020-10-22';
const BEFORE = '2020-10-21';
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export interface DemoRule {
  weekdays: number[];
  opens: string;
  closes: string;
  validFrom?: string;
  validTo?: string;
}

/** 一站式服务大厅: one hour longer Monday to Friday, three extra hours on Saturday and Sunday mornings. */
export const HALL_RULES: DemoRule[] = [
  { weekdays: WEEKDAYS, opens: '08:30', closes: '17:30', validTo: BEFORE },
  { weekdays: WEEKDAYS, opens: '08:30', closes: '18:30', validFrom: EXTENDED_FROM },
  { weekdays: WEEKEND, opens: '09:00', closes: '12:00', validFrom: EXTENDED_FROM },
];

/** Function rooms: open until 22:00, and at weekends. */
export const ROOM_RULES: DemoRule[] = [
  { weekdays: WEEKDAYS, opens: '08:30', closes: '17:30', validTo: BEFORE },
  { weekdays: EVERY_DAY, opens: '08:30', closes: '22:00', validFrom: EXTENDED_FROM },
];

/** 草原社区's after-school care: from the end of school into the evening ("延时到八、九点"). */
export const CARE_RULES: DemoRule[] = [{ weekdays: WEEKDAYS, opens: '16:00', closes: '21:00' }];

export interface DemoRoom {
  name: string;
  kind: RoomKind;
  capacity: number;
  location: string;
  description: string;
  equipment: string[];
  requiresApproval?: boolean;
  openToAll?: boolean;
  maxBookingMinutes?: number;
}

export const BAOLI_ROOMS: DemoRoom[] = [
  { name: '舞蹈室', kind: 'dance', capacity: 40, location: '二楼东侧', description: '镜墙、把杆，供各舞蹈队排练', equipment: ['音响', '镜墙', '把杆'] },
  { name: '小舞蹈室', kind: 'dance', capacity: 15, location: '二楼西侧', description: '由腾退的办公室改建，专供舞蹈队排练', equipment: ['音响', '镜墙'] },
  { name: '棋牌室', kind: 'chess_cards', capacity: 24, location: '一楼', description: '象棋、围棋、扑克', equipment: ['棋牌桌 6 张'] },
  { name: '乒乓球室', kind: 'table_tennis', capacity: 8, location: '一楼北侧', description: '两张球台', equipment: ['球台 2 张', '球拍'], maxBookingMinutes: 120 },
  { name: '歌唱室', kind: 'singing', capacity: 20, location: '三楼', description: '合唱队、歌友会活动', equipment: ['点歌机', '音响', '钢琴'] },
  {
    name: '书屋（樊登书店）',
    kind: 'reading',
    capacity: 30,
    location: '一楼临街',
    description: '引进樊登书店打造的家门口免费“网红书店”，面向所有居民开放',
    equipment: ['图书 3000 册', '阅读桌'],
    openToAll: true,
  },
  { name: '日间照料室', kind: 'day_care', capacity: 12, location: '一楼南侧', description: '老年人日间照料，使用需社区审批', equipment: ['休息床 6 张', '血压计'], requiresApproval: true },
];

export const CARE_ROOM: DemoRoom = {
  name: '托管室',
  kind: 'childcare',
  capacity: 30,
  location: '一楼',
  description: '社会组织承办的社区托管项目，紧邻幸福南路小学教育联盟第二校区，开设书法等兴趣课程',
  equipment: ['课桌椅', '书法用具'],
  requiresApproval: true,
};

export interface DemoPerson {
  username: string;
  displayName: string;
  mobile: string;
}

export interface DemoTeam {
  name: string;
  leader: DemoPerson;
  room: '舞蹈室' | '小舞蹈室';
  weekdays: number[];
  starts: string;
  ends: string;
}

/** Eight dance teams and their weekly slots, which now fit: none overlaps another. */
export const DANCE_TEAMS: DemoTeam[] = [
  { name: '心蕊舞蹈队', leader: { username: 'baoli.muhong', displayName: '穆宏', mobile: '13904720101' }, room: '小舞蹈室', weekdays: [2, 4], starts: '19:00', ends: '21:00' },
  { name: '夕阳红舞蹈队', leader: { username: 'baoli.zhaofy', displayName: '赵凤英', mobile: '13904720102' }, room: '舞蹈室', weekdays: [1, 3], starts: '08:30', ends: '10:30' },
  { name: '金秋舞蹈队', leader: { username: 'baoli.liuxz', displayName: '刘秀珍', mobile: '13904720103' }, room: '舞蹈室', weekdays: [2, 4], starts: '08:30', ends: '10:30' },
  { name: '彩虹舞蹈队', leader: { username: 'baoli.wangsf', displayName: '王淑芬', mobile: '13904720104' }, room: '舞蹈室', weekdays: [1, 3], starts: '19:00', ends: '21:00' },
  { name: '康乐舞蹈队', leader: { username: 'baoli.zhanggz', displayName: '张桂芝', mobile: '13904720105' }, room: '舞蹈室', weekdays: [2, 4], starts: '19:00', ends: '21:00' },
  { name: '青春舞蹈队', leader: { username: 'baoli.chenlh', displayName: '陈丽华', mobile: '13904720106' }, room: '舞蹈室', weekdays: [5, 6], starts: '19:00', ends: '21:00' },
  { name: '馨悦舞蹈队', leader: { username: 'baoli.yangym', displayName: '杨玉梅', mobile: '13904720107' }, room: '舞蹈室', weekdays: [6, 7], starts: '09:00', ends: '11:00' },
  { name: '百合舞蹈队', leader: { username: 'baoli.sunxl', displayName: '孙秀兰', mobile: '13904720108' }, room: '小舞蹈室', weekdays: [1, 3], starts: '19:00', ends: '21:00' },
];


/** 李桂兰 (resident.baoli, a demo account) dances with 心蕊舞蹈队. */
export const XINRUI_MEMBER_USERNAME = 'resident.baoli';

/** Weekly quotas at 保利: each team 4 h in the big dance room and 6 h in the center; each resident 4 h. */
export const BAOLI_QUOTAS = { teamInDanceRoomHours: 4, teamInCenterHours: 6, residentInCenterHours: 4 };

/** Weeks of team slots booked ahead, and weeks of past use (checked in, one no-show) for the charts. */
export const WEEKS_AHEAD = 4;
export const WEEKS_BACK = 2;
