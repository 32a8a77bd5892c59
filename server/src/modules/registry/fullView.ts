import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { registryErrors } from './errors.js';
import * as repo from './persons.repo.js';
import { readablePerson } from './persons.service.js';
import { presentTags } from './present.js';
import * as policy from './registry.policy.js';
import { tagsById } from './tags.service.js';
import * as tagRepo from './tags.repo.js';

export const MIN_REASON = 4;

/**
 * The full record — ID number, mobile, registered address, sensitive tag details — for a caller holding
 * personal.view_full over the person's place, with a reason. The audit row (action person.view_full, the reason and
 * the fields shown) is written in the same transaction that reads the sealed number, before anything is returned.
 */
export async function viewFull(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, reason: string) {
  const person = await readablePerson(ctx, principal, id);
  policy.assertViewFull(principal, person.nodePath);
  const why = reason.trim();
  if ([...why].length < MIN_REASON) throw registryErrors.reasonRequired();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const sealed = await repo.sealedIdOf(tx, id);
    const given = await tagRepo.givenTags(tx, [id]);
    const tags = presentTags(principal, person.nodePath, given, await tagsById(tx, given), true);
    const fields: string[] = [];
    if (sealed) fields.push('id_number');
    if (person.mobile) fields.push('mobile');
    if (person.registeredAddress) fields.push('registered_address');
    if (tags.some((t) => t.sensitivity === 'sensitive' && Object.keys(t.detail).length > 0)) fields.push('tag_details');
    await recordAudit(tx, actor, now, {
      action: 'person.view_full',
      objectType: 'person',
      objectId: id,
      orgNodeId: person.nodeId,
      details: { reason: why, fields },
    });
    return {
      idNumber: sealed ? ctx.personal.open(sealed) : null,
      mobile: person.mobile,
      registeredAddress: person.registeredAddress,
      tags,
      fields,
    };
  });
}
