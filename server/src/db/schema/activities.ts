import { integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { activities } from './volunteers.js';

/**
 * The reminder before an activity starts (docs/adr/0023): one row per activity, inserted by the reminder job in
 * the transaction that notifies the signed-up volunteers. The primary key decides between two processes: the
 * insert of one wins and only that one notifies.
 */
export const activityReminders = pgTable('activity_reminders', {
  activityId: integer('activity_id')
    .primaryKey()
    .references(() => activities.id, { onDelete: 'restrict' }),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  /** How many volunteers were told. */
  recipients: integer('recipients').notNull(),
});
