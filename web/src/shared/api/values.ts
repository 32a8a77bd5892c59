/**
 * A runtime list of every member of a generated union, for menus and filters. The members are written out, but the
 * typecheck fails when the list names one the server does not declare or misses one it does.
 *
 *   export const REQUEST_STATUSES = valuesOf<RequestStatus>()(['submitted', 'accepted', …]);
 */
export function valuesOf<T extends string | number>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}
