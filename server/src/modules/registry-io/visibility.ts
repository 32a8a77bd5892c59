import { isUnder, type Principal } from '../../platform/access.js';
import type { TagRef } from './places.js';

/** The role names the caller holds over a node (at the node or above it). */
export function rolesOver(principal: Principal, nodePath: string): Set<string> {
  return new Set(principal.roles.filter((r) => isUnder(nodePath, r.path)).map((r) => r.role));
}

/** Care tags whose visible_to_roles names a role the caller holds over the node; the others do not exist for them. */
export function visibleTags(tags: TagRef[], principal: Principal, nodePath: string): TagRef[] {
  const roles = rolesOver(principal, nodePath);
  return tags.filter((t) => t.visibleToRoles.some((r) => roles.has(r)));
}
