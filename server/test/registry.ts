import { insertOrgNode } from '../src/modules/org/org.repo.js';
import { seedDefaultTags } from '../src/modules/registry/tags.repo.js';
import { makeResidentId } from '../src/platform/idNumber.js';
import type { TestApp } from './app.js';
import { requestWorld, type Person } from './requests.js';

/**
 * A registry world: the requests world's tree and people (grid workers of A1, A2, B1; staff of A and B; the
 * secretary of A; a building leader in A1), the default care tags at its region, one more unit in grids A2 and B1,
 * and helpers to open households and register people through the API.
 */
export async function registryWorld(t: TestApp, tag: string) {
  const w = await requestWorld(t, tag);
  await seedDefaultTags(t.database.db, t.clock.now());
  const buildingA2 = await insertOrgNode(t.database.db, { parentId: w.tree.gridA2.id, kind: 'building', name: '2号楼' });
  const unitA2 = await insertOrgNode(t.database.db, { parentId: buildingA2.id, kind: 'unit', name: '1单元' });
  const buildingB1 = await insertOrgNode(t.database.db, { parentId: w.tree.gridB1.id, kind: 'building', name: '8号楼' });
  const unitB1 = await insertOrgNode(t.database.db, { parentId: buildingB1.id, kind: 'unit', name: '3单元' });
  let seq = 100;
  /** A valid resident ID number for a birth date (a new sequence each time; odd = male). */
  const idFor = (birthDate: string, male = true) => {
    seq += 2;
    return makeResidentId('150204', birthDate, male ? seq + 1 : seq);
  };
  const household = async (who: Person, nodeId: number, door: string): Promise<number> => {
    const res = await w.api(who, 'POST', '/registry/households', { nodeId, door });
    if (res.statusCode !== 201) throw new Error(`household: ${res.statusCode} ${res.body}`);
    return res.json().id;
  };
  const person = async (who: Person, body: Record<string, unknown>): Promise<number> => {
    const res = await w.api(who, 'POST', '/registry/persons', { relation: 'head', ...body });
    if (res.statusCode !== 201) throw new Error(`person: ${res.statusCode} ${res.body}`);
    return res.json().id;
  };
  const tagId = async (who: Person, code: string, nodeId = w.tree.communityA.id): Promise<number> => {
    const res = await w.api(who, 'GET', `/registry/tags?nodeId=${nodeId}`);
    const found = (res.json().items as { id: number; code: string }[]).find((x) => x.code === code);
    if (!found) throw new Error(`no tag ${code} for ${who}`);
    return found.id;
  };
  return { ...w, unitA1: w.tree.unitA1, unitA2, unitB1, idFor, household, person, tagId };
}
