import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';

/**
 * The function-room pages. The paths are part of the contract with the server: notifications link to
 * /m/bookings and /m/bookings/:id, and a room's QR code encodes /m/rooms/checkin?token=….
 */

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const roomsRoutes: RouteRecordRaw[] = [
  { path: '/rooms', name: 'rooms', component: () => import('./RoomsPage.vue') },
  {
    path: '/rooms/checkin',
    name: 'rooms-checkin',
    component: () => import('./CheckinPage.vue'),
    props: (route: RouteLocationNormalized) => ({ token: text(route.query.token), booking: text(route.query.booking) }),
  },
  {
    path: '/rooms/:id(\\d+)',
    name: 'room',
    component: () => import('./RoomPage.vue'),
    props: (route: RouteLocationNormalized) => ({ id: route.params.id, date: text(route.query.date) }),
  },
  {
    path: '/rooms/:id(\\d+)/book',
    name: 'room-book',
    component: () => import('./BookPage.vue'),
    props: (route: RouteLocationNormalized) => ({
      id: route.params.id,
      date: text(route.query.date),
      start: text(route.query.start),
      end: text(route.query.end),
    }),
  },
  {
    path: '/bookings',
    name: 'bookings',
    component: () => import('./MyBookingsPage.vue'),
    props: (route: RouteLocationNormalized) => ({ tab: text(route.query.tab) }),
  },
  { path: '/bookings/:id(\\d+)', name: 'booking', component: () => import('./BookingPage.vue'), props: true },
  { path: '/teams', name: 'teams', component: () => import('./TeamsPage.vue') },
  { path: '/teams/:id(\\d+)', name: 'team', component: () => import('./TeamPage.vue'), props: true },
];
