import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree: a materialized path of org node ids, e.g. "1.12.305". */
export const ltree = customType<{ data: string }>({
  dataType() {
    return 'ltree';
  },
});
