-- No two bookings of a room that hold it may overlap, enforced by the database so that it holds under any
-- concurrency (50 people pressing "book" for the same slot at once: one row, 49 errors with SQLSTATE 23P01).
-- tstzrange is half-open [starts_at, ends_at), so back-to-back bookings (17:00–19:00, 19:00–21:00) are fine.
-- Only holding statuses take part: a cancelled, rejected, expired or no-show booking frees its time.
-- btree_gist (migration 0000) lets the gist index compare room_id with =.
-- Written by hand because drizzle-kit cannot express EXCLUDE; see server/src/db/schema/rooms.ts (bookings).
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("room_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" IN ('pending', 'confirmed', 'checked_in'));
