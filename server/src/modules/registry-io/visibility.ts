import type { Principal } from '../../platform/access.js';
import { maySeeTag } from '../registry/registry.policy.js';
import type { TagRef } from './places.js';

/** Care tags the caller sees at the node (the registry's rule: one of the tag's roles held there or above). */
export function visibleTags(tags: TagRef[], principal: Principal, nodePath: string): TagRef[] {
  return tags.filter((t) => maySeeTag(principal, t.visibleToRoles, nodePath));
}
