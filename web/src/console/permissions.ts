/**
 * Permission names as GET /me lists them (server/src/platform/roles.ts). The side menu and the layout read
 * them to hide what a user cannot open; the server enforces them either way.
 */
export const PERMISSIONS = {
  orgView: 'org.read',
  usersView: 'users.read',
  usersManage: 'users.manage',
  auditView: 'audit.read',
  roomsManage: 'rooms.manage',
  requestsRead: 'requests.read',
  requestsDispatch: 'requests.dispatch',
  registryRead: 'registry.read',
  registryManage: 'registry.manage',
  registryConfigure: 'registry.configure',
  gridworkLog: 'gridwork.log',
  gridworkRead: 'gridwork.read',
  volunteersRead: 'volunteers.read',
  volunteersManage: 'volunteers.manage',
  volunteersConfigure: 'volunteers.configure',
  pointsManage: 'points.manage',
  wishesIntake: 'wishes.intake',
  wishesManage: 'wishes.manage',
  partyManage: 'party.manage',
  servicesRead: 'services.read',
  servicesManage: 'services.manage',
  servicesServe: 'services.serve',
} as const;

/**
 * The resident role also carries `org.read` (residents see their own community), so permissions alone cannot
 * tell a resident from a grid worker. The console is for people with a working role: at least one role
 * other than this one.
 */
export const RESIDENT_ROLE = 'resident';
