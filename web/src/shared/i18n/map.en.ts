import type zh from './map.zh-CN';

const en: typeof zh = {
  loading: 'Loading the map…',
  failed: 'Could not load the grid outlines; try again later',
  empty: 'No grid outlines here yet',
  grouped: '{n} requests, tap to zoom in',
  tone: { overdue: 'Overdue', waiting: 'Waiting', working: 'In hand', done: 'Resolved', other: 'Merged / invalid' },
  pick: {
    hint: 'Tap the map where the problem is; drag the red pin to adjust',
    finding: 'Finding the grid…',
    found: 'In {place}',
    noGrid: 'This point is in no mapped grid; your community will take it',
    outside: 'This point is outside your community; pick again',
    locateMe: 'Locate me',
    clear: 'Clear the point',
    point: 'Lat {lat}, lng {lng}',
  },
  requests: {
    title: 'Request map',
    open: 'Open',
    all: 'All statuses',
    overdueOnly: 'Overdue only',
    count: '{n} on the map',
    truncated: 'Showing the newest {n}; narrow the area or filter',
    withoutPoint: '{n} more have no map point',
    noPoints: 'No requests with a map point',
    node: 'Area',
  },
  detail: {
    title: 'Location',
    noPoint: 'No point was set on the map',
  },
  myGrid: {
    title: 'My grid',
    entry: 'Grid map',
    tasks: '{n} open tasks',
    noTasks: 'No open tasks',
    noGrid: 'You do not look after a grid yet',
  },
};
export default en;
