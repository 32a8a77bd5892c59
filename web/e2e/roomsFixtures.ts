import { apiSignIn, DEMO_PASSWORD, type DemoApi } from './browser';

/**
 * What the room browser tests need, set up through the real API as the 保利社区 staff member (baoli.staff):
 * the center's opening hours when it has none yet, a rehearsal room, two dance-team leaders with their teams,
 * and a room open around the clock for the check-in test. Everything is found first and created only when
 * missing, so the tests also run on a server whose demo data already has rooms and teams.
 */

export interface RoomsWorld {
  centerId: number;
  communityId: number;
  room: { id: number; name: string };
  checkinRoom: { id: number; name: string };
  leaderA: { username: string; displayName: string; team: string };
  leaderB: { username: string; displayName: string; team: string };
  /** A resident of the community with no team. */
  resident: { username: string; displayName: string };
}

type Api = DemoApi;
const signIn = apiSignIn;

type Item = { id: number; name: string };

async function findUser(staff: Api, communityId: number, username: string): Promise<{ username: string; displayName: string } | null> {
  const found = await staff.call<{ items: { username: string; displayName: string }[] }>(
    'GET',
    `/users?nodeId=${communityId}&q=${encodeURIComponent(username)}&limit=20`,
  );
  return found.items.find((u) => u.username === username) ?? null;
}

async function ensureUser(staff: Api, communityId: number, homeNodeId: number, username: string, displayName: string): Promise<number> {
  const found = await staff.call<{ items: { id: number; username: string }[] }>('GET', `/users?nodeId=${communityId}&q=${encodeURIComponent(username)}&limit=20`);
  const existing = found.items.find((u) => u.username === username);
  if (existing) return existing.id;
  const user = await staff.call<{ id: number }>('POST', '/users', { username, displayName, password: DEMO_PASSWORD, homeNodeId });
  await staff.call('POST', `/users/${user.id}/roles`, { role: 'resident', orgNodeId: communityId });
  return user.id;
}

/** The team of this leader with this name, or a new one; a seeded team of the same name gets a test suffix. */
async function ensureTeam(staff: Api, communityId: number, name: string, leaderId: number): Promise<string> {
  const { items } = await staff.call<{ items: (Item & { leader: { id: number } })[] }>('GET', `/teams?nodeId=${communityId}`);
  const mine = items.find((t) => t.leader.id === leaderId);
  if (mine) return mine.name;
  const free = items.some((t) => t.name === name) ? `${name}（测试）` : name;
  await staff.call('POST', '/teams', { orgNodeId: communityId, name: free, kind: 'dance', leaderUserId: leaderId, description: '每周排练广场舞' });
  return free;
}

async function ensureRoom(staff: Api, centerId: number, name: string, create: Record<string, unknown>): Promise<Item> {
  const { items } = await staff.call<{ items: Item[] }>('GET', `/rooms?centerId=${centerId}`);
  return items.find((r) => r.name === name) ?? staff.call<Item>('POST', '/rooms', { serviceCenterId: centerId, name, ...create });
}

export async function setUpRoomsWorld(baseURL: string): Promise<RoomsWorld> {
  const staff = await signIn(baseURL, 'baoli.staff');
  const { items: centers } = await staff.call<{ items: { id: number; orgNodeId: number; nodeName: string }[] }>('GET', '/rooms/centers');
  const center = centers.find((c) => c.nodeName === '保利社区');
  if (!center) throw new Error('保利社区 has no service center in the demo data');
  const { items: grids } = await staff.call<{ items: Item[] }>('GET', `/org-nodes/${center.orgNodeId}/children`);
  const home = grids[0]?.id ?? center.orgNodeId;

  // The seeds' hours (rooms until 22:00, weekends too; the hall an hour longer on weekdays, weekend mornings).
  const { items: schedules } = await staff.call<{ items: (Item & { purpose: string })[] }>('GET', `/rooms/centers/${center.id}/schedules`);
  let roomsSchedule = schedules.find((s) => s.purpose === 'rooms');
  roomsSchedule ??= await staff.call<Item & { purpose: string }>('POST', `/rooms/centers/${center.id}/schedules`, {
    name: '功能室开放时间',
    purpose: 'rooms',
    rules: [
      { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '22:00' },
      { weekdays: [6, 7], opens: '09:00', closes: '22:00' },
    ],
  });
  if (!schedules.some((s) => s.purpose === 'hall')) {
    await staff.call('POST', `/rooms/centers/${center.id}/schedules`, {
      name: '一站式服务大厅',
      purpose: 'hall',
      holidayMode: 'closed',
      rules: [
        { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '18:30' },
        { weekdays: [6, 7], opens: '09:00', closes: '12:00' },
      ],
    });
  }
  // A self-service room open around the clock, so the check-in test finds it open whenever it runs.
  const allDay =
    schedules.find((s) => s.name === '全天开放') ??
    (await staff.call<Item>('POST', `/rooms/centers/${center.id}/schedules`, {
      name: '全天开放',
      purpose: 'rooms',
      rules: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }],
    }));

  const room = await ensureRoom(staff, center.id, '多功能排练厅', {
    kind: 'dance',
    capacity: 40,
    location: '二楼西侧',
    equipment: ['音响', '镜墙', '把杆'],
    description: '腾退办公室改建的排练厅，供舞蹈队、合唱队排练使用。',
    scheduleId: roomsSchedule.id,
  });
  const checkinRoom = await ensureRoom(staff, center.id, '自助棋牌室', {
    kind: 'chess_cards',
    capacity: 12,
    scheduleId: allDay.id,
    rules: { minNoticeMinutes: 0, checkinOpensMinutes: 240, slotMinutes: 15, minBookingMinutes: 30 },
  });

  // The rooms demo's leaders of 心蕊舞蹈队 and 夕阳红舞蹈队 when the demo has them, stand-ins otherwise.
  const leaderA = (await findUser(staff, center.orgNodeId, 'baoli.muhong')) ?? { username: 'e2e.muhong', displayName: '穆宏' };
  const leaderB = (await findUser(staff, center.orgNodeId, 'baoli.zhaofy')) ?? { username: 'e2e.zhaofy', displayName: '赵凤英' };
  const leaderAId = await ensureUser(staff, center.orgNodeId, home, leaderA.username, leaderA.displayName);
  const leaderBId = await ensureUser(staff, center.orgNodeId, home, leaderB.username, leaderB.displayName);
  await ensureUser(staff, center.orgNodeId, home, 'e2e.zhaomin', '赵敏');
  const teamA = await ensureTeam(staff, center.orgNodeId, '心蕊舞蹈队', leaderAId);
  const teamB = await ensureTeam(staff, center.orgNodeId, '夕阳红舞蹈队', leaderBId);

  return {
    centerId: center.id,
    communityId: center.orgNodeId,
    room,
    checkinRoom,
    leaderA: { ...leaderA, team: teamA },
    leaderB: { ...leaderB, team: teamB },
    resident: { username: 'e2e.zhaomin', displayName: '赵敏' },
  };
}

/** The room's check-in code, as printed under its QR code (read through the staff API). */
/** The six digits printed under the room's QR code. */
export async function checkinCode(baseURL: string, roomId: number): Promise<string> {
  const staff = await signIn(baseURL, 'baoli.staff');
  return (await staff.call<{ code: string }>('GET', `/rooms/${roomId}/qr`)).code;
}

/** Book through the API as someone (for the check-in test, whose booking must start within the hour). */
export async function bookAs(baseURL: string, username: string, body: { roomId: number; startsAt: string; endsAt: string }): Promise<{ id: number }> {
  const api = await signIn(baseURL, username);
  return api.call<{ id: number }>('POST', '/bookings', body);
}
