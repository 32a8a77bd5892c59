import { assertCan, can, isUnder, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';

/**
 * Who may do what in the registry. A person's or a household's place is its node path (the household's unit,
 * building or community; for someone who moved out, the grid or community they left). Outside every subtree where
 * the caller holds registry.read the object does not exist (404); visible but not permitted is 403.
 */
export function assertRead(p: Principal, path: string): void {
  if (!can(p, 'registry.read', path)) throw errors.notFound();
}

export function assertManage(p: Principal, path: string): void {
  assertRead(p, path);
  assertCan(p, 'registry.manage', path);
}

/** The full record (ID number, mobile, registered address, sensitive tag details): personal.view_full there. */
export function assertViewFull(p: Principal, path: string): void {
  assertRead(p, path);
  assertCan(p, 'personal.view_full', path);
}

export function assertConfigure(p: Principal, path: string): void {
  if (!can(p, 'registry.read', path) && !can(p, 'registry.configure', path)) throw errors.notFound();
  assertCan(p, 'registry.configure', path);
}

/** Whether a tag shows for a person at `path`: one of the caller's roles reaching there is among the tag's roles. */
export function maySeeTag(p: Principal, visibleToRoles: readonly string[], path: string): boolean {
  return p.roles.some((r) => isUnder(path, r.path) && visibleToRoles.includes(r.role));
}

/** The subtrees in which a tag shows to the caller: where they hold one of its roles. */
export function tagPaths(p: Principal, visibleToRoles: readonly string[]): string[] {
  return p.roles.filter((r) => visibleToRoles.includes(r.role)).map((r) => r.path);
}

export function personActions(p: Principal, path: string, resident: boolean) {
  const out: ('edit' | 'move' | 'tag' | 'view_full')[] = [];
  if (can(p, 'registry.manage', path)) out.push('edit', ...(resident ? (['move'] as const) : []), 'tag');
  if (can(p, 'personal.view_full', path)) out.push('view_full');
  return out;
}

export function householdActions(p: Principal, path: string, open: boolean, empty: boolean) {
  const out: ('edit' | 'add_person' | 'close')[] = [];
  if (open && can(p, 'registry.manage', path)) out.push('edit', 'add_person', ...(empty ? (['close'] as const) : []));
  return out;
}
