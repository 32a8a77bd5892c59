import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleOptions } from '../platform/context.js';
import { authRoutes } from './auth/auth.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { fileRoutes } from './files/files.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { ledgerRoutes } from './requests/ledger/routes.js';
import { suggestRoutes } from './requests/suggest/routes.js';
import { meTooRoutes } from './requests/metoo/routes.js';
import { homeRoutes } from './home/home.routes.js';
import { importRoutes } from './requests/import/routes.js';
import { open311Routes } from './open311/open311.routes.js';
import { open311KeyRoutes } from './open311/open311.keys.routes.js';
import { requestRoutes } from './requests/core/routes.js';
import { roomsRoutes } from './rooms/rooms.routes.js';
import { mapRoutes } from './map/map.routes.js';
import { registryRoutes } from './registry/registry.routes.js';
import { gridworkRoutes } from './gridwork/gridwork.routes.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { registryIoRoutes } from './registry-io/routes.js';
import { volunteerStatsRoutes } from './volunteer-stats/stats.routes.js';
import { activitiesRoutes } from './activities/activities.routes.js';
import { pointsRoutes } from './points/points.routes.js';
import { wishesRoutes } from './wishes/wishes.routes.js';
import { partyRoutes } from './party/party.routes.js';
import { volunteersRoutes } from './volunteers/volunteers.routes.js';
import { serviceGuideRoutes } from './services/guide/routes.js';
import { appointmentsRoutes } from './services/appointments/routes.js';
import { queueRoutes } from './services/queue/routes.js';
import { rosterRoutes } from './services/roster/routes.js';
import { workshopRoutes } from './services/workshop/routes.js';
import { homeServiceRoutes } from './services/athome/routes.js';
import { serviceStatsRoutes } from './services/stats/routes.js';

/** Every module's routes, in one list; app.ts registers them under their prefix. */
export const modules: { prefix: string; plugin: FastifyPluginAsyncTypebox<ModuleOptions> }[] = [
  { prefix: '/api/v1', plugin: authRoutes },
  { prefix: '/api/v1', plugin: usersRoutes },
  { prefix: '/api/v1', plugin: auditRoutes },
  { prefix: '/api/v1', plugin: orgRoutes },
  { prefix: '/api/v1', plugin: notificationRoutes },
  { prefix: '/api/v1', plugin: fileRoutes },
  { prefix: '/api/v1', plugin: calendarRoutes },
  { prefix: '/api/v1', plugin: ledgerRoutes },
  { prefix: '/api/v1', plugin: suggestRoutes },
  { prefix: '/api/v1', plugin: meTooRoutes },
  { prefix: '/api/v1', plugin: homeRoutes },
  { prefix: '/api/v1', plugin: importRoutes },
  { prefix: '/api/v1', plugin: open311KeyRoutes },
  { prefix: '/open311/v2', plugin: open311Routes },
  { prefix: '/api/v1', plugin: requestRoutes },
  { prefix: '/api/v1', plugin: roomsRoutes },
  { prefix: '/api/v1', plugin: mapRoutes },
  { prefix: '/api/v1', plugin: registryRoutes },
  // After the registry: its onReady seeds the default tags the default visit rules are for.
  { prefix: '/api/v1', plugin: gridworkRoutes },
  { prefix: '/api/v1', plugin: accountsRoutes },
  { prefix: '/api/v1', plugin: registryIoRoutes },
  { prefix: '/api/v1', plugin: volunteerStatsRoutes },
  { prefix: '/api/v1', plugin: activitiesRoutes },
  { prefix: '/api/v1', plugin: pointsRoutes },
  { prefix: '/api/v1', plugin: wishesRoutes },
  { prefix: '/api/v1', plugin: partyRoutes },
  { prefix: '/api/v1', plugin: volunteersRoutes },
  { prefix: '/api/v1', plugin: serviceGuideRoutes },
  { prefix: '/api/v1', plugin: appointmentsRoutes },
  { prefix: '/api/v1', plugin: queueRoutes },
  { prefix: '/api/v1', plugin: rosterRoutes },
  { prefix: '/api/v1', plugin: workshopRoutes },
  { prefix: '/api/v1', plugin: homeServiceRoutes },
  { prefix: '/api/v1', plugin: serviceStatsRoutes },
];
