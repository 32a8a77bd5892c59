ALTER TABLE "users" DROP CONSTRAINT "users_failed_logins_check";--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "attached_type" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "attached_id" text;--> statement-breakpoint
CREATE INDEX "files_attached_idx" ON "files" USING btree ("attached_type","attached_id");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_attached_check" CHECK (("files"."attached_type" is null) = ("files"."attached_id" is null));--> statement-breakpoint
-- Files already in use belong to their objects: a request's photos (its own and its timeline's), a room's photos.
UPDATE "files" SET "attached_type" = 'request', "attached_id" = r."id"::text, "org_node_id" = r."org_node_id"
FROM (
  SELECT "id", "org_node_id", unnest("photo_ids") AS "file_id" FROM "requests"
  UNION
  SELECT e."request_id", q."org_node_id", unnest(e."photo_ids") FROM "request_events" e JOIN "requests" q ON q."id" = e."request_id"
) r
WHERE "files"."id" = r."file_id" AND "files"."attached_type" IS NULL;--> statement-breakpoint
UPDATE "files" SET "attached_type" = 'room', "attached_id" = r."id"::text
FROM (SELECT "id", unnest("photo_file_ids") AS "file_id" FROM "rooms") r
WHERE "files"."id" = r."file_id" AND "files"."attached_type" IS NULL;
