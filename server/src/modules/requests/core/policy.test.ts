import { describe, expect, it } from 'vitest';
import { REQUEST_STATUSES, type RequestStatus } from '../../../db/schema/requests.js';
import type { Principal } from '../../../platform/access.js';
import { AppError } from '../../../platform/errors.js';
import { allowedActions, authorize, canSubmitAt, type RequestForPolicy } from './policy.js';
import { USER_ACTIONS, type UserAction } from '../workflow/transitions.js';

/**
 * Every step × every state × every kind of caller, against expectations written out here by hand (not derived
 * from the policy or the state machine): 404 when the caller cannot see the request, 409 when its state does not
 * allow the step, 403 when the caller may not take it, allowed otherwise.
 */
const PATH = {
  region: '1',
  town: '1.2.3.4',
  communityA: '1.2.3.4.5',
  communityB: '1.2.3.4.6',
  gridA1: '1.2.3.4.5.7',
  gridA2: '1.2.3.4.5.8',
  department: '1.2.3.4.10',
  county: '1.2.3',
};

const person = (userId: number, role: string, path: string): Principal => ({
  userId,
  username: `u${userId}`,
  displayName: `u${userId}`,
  homeNodeId: Number(path.split('.').at(-1)),
  sessionId: userId,
  roles: [{ id: userId, role, orgNodeId: Number(path.split('.').at(-1)), path }],
});

const ACTORS = {
  reporter: person(1, 'resident', PATH.gridA1),
  otherResident: person(2, 'resident', PATH.gridA1),
  assignee: person(3, 'grid_worker', PATH.gridA1),
  sameGridWorker: person(10, 'grid_worker', PATH.gridA1),
  siblingGridWorker: person(4, 'grid_worker', PATH.gridA2),
  staffA: person(5, 'community_staff', PATH.communityA),
  secretaryA: person(6, 'community_secretary', PATH.communityA),
  staffB: person(7, 'community_staff', PATH.communityB),
  townAdmin: person(8, 'town_admin', PATH.town),
  countyAdmin: person(11, 'county_admin', PATH.county),
  unitHandler: person(9, 'department_handler', PATH.department),
  buildingLeader: person(12, 'building_leader', `${PATH.gridA1}.13`),
};
type Actor = keyof typeof ACTORS;

const SEES: Actor[] = ['reporter', 'assignee', 'sameGridWorker', 'staffA', 'secretaryA', 'townAdmin', 'countyAdmin'];
const DISPATCHERS: Actor[] = ['staffA', 'secretaryA', 'townAdmin', 'countyAdmin'];

const EXPECTED: Record<UserAction, { from: RequestStatus[]; who: Actor[] }> = {
  accept: { from: ['submitted'], who: DISPATCHERS },
  dispatch: { from: ['submitted', 'accepted', 'dispatched'], who: DISPATCHERS },
  transfer: { from: ['submitted', 'accepted', 'dispatched', 'in_progress'], who: DISPATCHERS },
  merge: { from: ['submitted', 'accepted', 'dispatched'], who: DISPATCHERS },
  reject: { from: ['submitted', 'accepted'], who: DISPATCHERS },
  take: { from: ['dispatched'], who: ['assignee'] },
  progress: { from: ['in_progress'], who: ['assignee'] },
  resolve: { from: ['in_progress'], who: ['assignee'] },
  return: { from: ['dispatched', 'in_progress'], who: ['assignee'] },
  request_extension: { from: ['in_progress'], who: ['assignee'] },
  // The node above a grid worker is the community: its secretary (supervise), or anyone above; not plain staff.
  decide_extension: { from: ['in_progress'], who: ['secretaryA', 'townAdmin', 'countyAdmin'] },
  // The reporter, or a dispatcher recording a call — never the handler rating their own work.
  follow_up: { from: ['resolved'], who: ['reporter', 'staffA', 'secretaryA', 'townAdmin', 'countyAdmin'] },
};

function request(status: RequestStatus, action: UserAction): RequestForPolicy {
  return {
    status,
    nodePath: PATH.gridA1,
    reporterUserId: 1,
    createdBy: 1,
    assigneeUserId: 3,
    assigneeNodePath: null,
    pendingExtensionBy: action === 'decide_extension' ? 3 : null,
  };
}

function outcome(action: UserAction, actor: Actor, r: RequestForPolicy): number {
  try {
    authorize(action, ACTORS[actor], r);
    return 200;
  } catch (err) {
    if (err instanceof AppError) return err.status;
    throw err;
  }
}

describe('the policy table × the state machine', () => {
  const cases: [UserAction, RequestStatus, Actor, number][] = [];
  for (const action of USER_ACTIONS) {
    for (const status of REQUEST_STATUSES) {
      for (const actor of Object.keys(ACTORS) as Actor[]) {
        const e = EXPECTED[action];
        const code = !SEES.includes(actor) ? 404 : !e.from.includes(status) ? 409 : !e.who.includes(actor) ? 403 : 200;
        cases.push([action, status, actor, code]);
      }
    }
  }

  it(`covers ${USER_ACTIONS.length} steps × ${REQUEST_STATUSES.length} states × ${Object.keys(ACTORS).length} callers`, () => {
    expect(cases).toHaveLength(USER_ACTIONS.length * REQUEST_STATUSES.length * Object.keys(ACTORS).length);
  });

  it.each(cases)('%s on a %s request by %s → %i', (action, status, actor, code) => {
    expect(outcome(action, actor, request(status, action))).toBe(code);
  });

  it('allowedActions lists exactly the steps authorize lets through', () => {
    for (const status of REQUEST_STATUSES) {
      for (const actor of SEES) {
        const r = request(status, 'dispatch');
        const expected = USER_ACTIONS.filter(
          (a) => a !== 'decide_extension' && EXPECTED[a].from.includes(status) && EXPECTED[a].who.includes(actor),
        );
        expect(allowedActions(ACTORS[actor], r), `${actor} on ${status}`).toEqual(expected);
      }
    }
  });
});

describe('conditions besides the state', () => {
  it('one extension request at a time; a decision needs a pending one', () => {
    const pending = { ...request('in_progress', 'request_extension'), pendingExtensionBy: 3 };
    expect(() => authorize('request_extension', ACTORS.assignee, pending)).toThrow(
      expect.objectContaining({ status: 409, code: 'extension_pending' }),
    );
    const none = { ...request('in_progress', 'decide_extension'), pendingExtensionBy: null };
    expect(() => authorize('decide_extension', ACTORS.secretaryA, none)).toThrow(
      expect.objectContaining({ status: 409, code: 'no_pending_extension' }),
    );
  });

  it('whoever asked for an extension cannot approve it, whatever their rank', () => {
    const byTheSecretary = { ...request('in_progress', 'decide_extension'), assigneeUserId: 6, pendingExtensionBy: 6 };
    expect(outcome('decide_extension', 'secretaryA', byTheSecretary)).toBe(403);
    expect(outcome('decide_extension', 'townAdmin', byTheSecretary)).toBe(200);
  });

  it('work dispatched to a unit: its handlers see it, take it or hand it back; the grid worker does not', () => {
    const r: RequestForPolicy = { ...request('dispatched', 'take'), assigneeUserId: null, assigneeNodePath: PATH.department };
    expect(outcome('take', 'unitHandler', r)).toBe(200);
    expect(outcome('return', 'unitHandler', r)).toBe(200);
    expect(outcome('take', 'assignee', r)).toBe(403);
    expect(outcome('take', 'siblingGridWorker', r)).toBe(404);
    // Taken by one handler: the others of the unit still see it but may not act on it.
    const taken = { ...r, status: 'in_progress' as const, assigneeUserId: 99 };
    expect(outcome('resolve', 'unitHandler', taken)).toBe(403);
    // A unit's extension is decided above the unit (the town it hangs on), not at the grid's community.
    const ext = { ...taken, assigneeUserId: 9, pendingExtensionBy: 9 };
    expect(outcome('decide_extension', 'secretaryA', ext)).toBe(403);
    expect(outcome('decide_extension', 'townAdmin', ext)).toBe(200);
  });

  it('the author of a request sees it even without requests.read (a building leader, a mobile grid worker)', () => {
    const r = { ...request('submitted', 'accept'), reporterUserId: 12, createdBy: 12 };
    expect(outcome('accept', 'buildingLeader', r)).toBe(403);
    expect(outcome('accept', 'buildingLeader', request('submitted', 'accept'))).toBe(404);
  });
});

describe('who may file where', () => {
  it.each([
    ['reporter', 'resident', PATH.gridA2, true],
    ['reporter', 'staff', PATH.gridA1, false],
    ['staffA', 'staff', PATH.gridA1, true],
    ['staffA', 'staff', '1.2.3.4.6.9', false],
    ['assignee', 'patrol', PATH.gridA1, true],
    ['assignee', 'patrol', PATH.gridA2, false],
    ['buildingLeader', 'building_leader', PATH.gridA1, true],
    ['buildingLeader', 'building_leader', PATH.gridA2, false],
    ['staffA', 'hotline', PATH.communityA, true],
    ['townAdmin', 'open311', PATH.gridA1, false],
  ] as [Actor, Parameters<typeof canSubmitAt>[1], string, boolean][])('%s through %s at %s → %s', (actor, channel, path, allowed) => {
    expect(canSubmitAt(ACTORS[actor], channel, path)).toBe(allowed);
  });
});
