import type { DbOrTx } from '../../../db/client.js';
import type { OrgKind } from '../../../db/schema/org.js';
import { isUnder, isVisible, type Principal } from '../../../platform/access.js';
import { errors } from '../../../platform/errors.js';
import { locateGrid } from '../../org/org.locate.js';
import { pathIds } from './notify.js';
import { findNode, nodesByIds, type NodeInfo } from './repo.js';

/**
 * Where a new request belongs. In order: the building picked (→ its grid), an explicit node (refined to the grid
 * holding the point when one is given), the grid whose polygon holds the map point, and lastly the reporter's
 * home (residents) or the partner's node (hotline systems). Buildings and units map up to their grid or community.
 */
export interface PlaceInput {
  lng?: number | null;
  lat?: number | null;
  buildingNodeId?: number | null;
  orgNodeId?: number | null;
}

export interface Place {
  node: NodeInfo;
  buildingNodeId: number | null;
  /** How the node was found: the permission error differs for a point that fell outside the caller's area. */
  how: 'building' | 'node' | 'point' | 'home';
}

/** Kinds a request may belong to; a department is a handler, not a place. */
const PLACE_KINDS: readonly OrgKind[] = ['region', 'city', 'county', 'town', 'community', 'grid'];

export type Submitter = { principal: Principal } | { systemPath: string; systemNodeId: number };

function reachable(by: Submitter, path: string): boolean {
  return 'principal' in by ? isVisible(by.principal, path) : isUnder(path, by.systemPath);
}

/** The grid (or failing that the community, or the nearest place) a building, unit or place node belongs to. */
async function placeOf(db: DbOrTx, node: NodeInfo): Promise<NodeInfo> {
  if (PLACE_KINDS.includes(node.kind)) return node;
  const ancestors = await nodesByIds(db, pathIds(node.path).slice(0, -1));
  const found = ancestors.find((a) => a.kind === 'grid') ?? ancestors.find((a) => PLACE_KINDS.includes(a.kind));
  if (!found)
    throw errors.badRequest(
      'request_place_invalid',
      '无法确定诉求所属的网格或社区',
      'Cannot tell which grid or community the request belongs to',
    );
  return found;
}

function hasPoint(input: PlaceInput): input is PlaceInput & { lng: number; lat: number } {
  return typeof input.lng === 'number' && typeof input.lat === 'number';
}

export async function resolvePlace(db: DbOrTx, by: Submitter, input: PlaceInput): Promise<Place> {
  if (input.buildingNodeId != null) {
    const building = await findNode(db, input.buildingNodeId);
    if (!building || !reachable(by, building.path)) throw errors.notFound();
    if (building.kind !== 'building' && building.kind !== 'unit') {
      throw errors.badRequest('request_building_invalid', '所选节点不是楼栋或单元', 'The node picked is not a building or unit', {
        kind: building.kind,
      });
    }
    const buildingId = building.kind === 'building' ? building.id : building.parentId;
    return { node: await placeOf(db, building), buildingNodeId: buildingId, how: 'building' };
  }
  if (input.orgNodeId != null) {
    const node = await findNode(db, input.orgNodeId);
    if (!node || !reachable(by, node.path)) throw errors.notFound();
    if (node.kind === 'department') {
      throw errors.badRequest(
        'request_place_invalid',
        '部门不是诉求发生地，请选择社区、网格或楼栋',
        'A department is not a place; pick a community, grid or building',
      );
    }
    if (hasPoint(input)) {
      const grid = await locateGrid(db, input.lng, input.lat, node.path);
      if (grid) return { node: (await findNode(db, grid.id))!, buildingNodeId: null, how: 'node' };
    }
    return { node: await placeOf(db, node), buildingNodeId: node.kind === 'building' ? node.id : null, how: 'node' };
  }
  if (hasPoint(input)) {
    const grid = await locateGrid(db, input.lng, input.lat, 'systemPath' in by ? by.systemPath : undefined);
    if (grid) return { node: (await findNode(db, grid.id))!, buildingNodeId: null, how: 'point' };
  }
  const homeId = 'principal' in by ? by.principal.homeNodeId : by.systemNodeId;
  const home = await findNode(db, homeId);
  if (!home || home.kind === 'department') {
    throw errors.badRequest(
      'request_location_unknown',
      '无法确定诉求所在位置，请在地图上选点或选择楼栋、社区',
      'Cannot tell where the request is; pick a point on the map, a building or a community',
    );
  }
  return { node: await placeOf(db, home), buildingNodeId: null, how: 'home' };
}
