/**
 * Audit actions the platform writes today, offered in the filter. The filter also accepts any typed action,
 * because later modules add their own ("request.dispatch", "person.view_full", …).
 */
export const KNOWN_AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.under_attack',
  'auth.logout',
  'auth.logout_all',
  'user.create',
  'user.update',
  'user.reset_password',
  'user.disable',
  'user.enable',
  'role.grant',
  'role.revoke',
  'person.view_full',
  'org_node.create',
  'org_node.update',
  'service_center.create',
  'service_center.update',
  'calendar.override_create',
  'calendar.override_update',
  'calendar.override_delete',
  'calendar.national_year_enter',
  'calendar.national_year_import',
  'notification.send',
  'seed.demo',
] as const;

/** Message key for an action's label; dots would nest in vue-i18n, so they become underscores. */
export function actionMessageKey(action: string): string {
  return `audit.actions.${action.replace(/\./g, '_')}`;
}
