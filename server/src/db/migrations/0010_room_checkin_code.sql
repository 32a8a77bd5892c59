ALTER TABLE "rooms" ADD COLUMN "checkin_code" text;--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_checkin_code_key" ON "rooms" USING btree ("checkin_code");--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_checkin_code_check" CHECK ("rooms"."checkin_code" is null or "rooms"."checkin_code" ~ '^[0-9]{6}$');--> statement-breakpoint
-- Backfill: rooms from before get distinct codes (7919 is prime to 10^6, so ids below a million map one to one);
-- staff renew them to get random ones.
UPDATE "rooms" SET "checkin_code" = lpad(((("id")::bigint * 7919 + 104729) % 1000000)::text, 6, '0') WHERE "checkin_code" IS NULL;
