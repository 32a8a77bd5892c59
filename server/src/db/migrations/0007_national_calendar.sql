CREATE TABLE "calendar_recomputes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "calendar_recomputes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"after_id" bigint DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"moved" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "calendar_recomputes_status_check" CHECK ("calendar_recomputes"."status" in ('pending','done'))
);
--> statement-breakpoint
CREATE TABLE "national_calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	CONSTRAINT "national_calendar_days_kind_check" CHECK ("national_calendar_days"."kind" in ('holiday','workday')),
	CONSTRAINT "national_calendar_days_year_check" CHECK (extract(year from "national_calendar_days"."day") = "national_calendar_days"."year")
);
--> statement-breakpoint
CREATE TABLE "national_calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_note" text,
	"entered_by" integer,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "national_calendar_years_source_check" CHECK ("national_calendar_years"."source" in ('package','entered','imported')),
	CONSTRAINT "national_calendar_years_year_check" CHECK ("national_calendar_years"."year" between 1990 and 2200)
);
--> statement-breakpoint
ALTER TABLE "calendar_recomputes" ADD CONSTRAINT "calendar_recomputes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_calendar_days" ADD CONSTRAINT "national_calendar_days_year_national_calendar_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."national_calendar_years"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_calendar_years" ADD CONSTRAINT "national_calendar_years_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_recomputes_pending_idx" ON "calendar_recomputes" USING btree ("id") WHERE "calendar_recomputes"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "calendar_recomputes_year_idx" ON "calendar_recomputes" USING btree ("year","id");--> statement-breakpoint
CREATE INDEX "national_calendar_days_year_idx" ON "national_calendar_days" USING btree ("year");