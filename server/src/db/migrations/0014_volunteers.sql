CREATE TABLE "activities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"community_id" integer,
	"team_id" integer,
	"series_id" integer,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"place_name" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"signed_up" integer DEFAULT 0 NOT NULL,
	"min_age" integer,
	"signup_deadline" timestamp with time zone NOT NULL,
	"self_cancel" boolean DEFAULT true NOT NULL,
	"required_skill" text,
	"status" text DEFAULT 'published' NOT NULL,
	"checkin_token" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activities_category_check" CHECK ("activities"."category" in ('elderly_care','children','environment','public_safety','culture','health','digital_help','civility','emergency','other')),
	CONSTRAINT "activities_status_check" CHECK ("activities"."status" in ('published','cancelled')),
	CONSTRAINT "activities_time_check" CHECK ("activities"."ends_at" > "activities"."starts_at"),
	CONSTRAINT "activities_capacity_check" CHECK ("activities"."capacity" >= 1 and "activities"."signed_up" >= 0 and "activities"."signed_up" <= "activities"."capacity")
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activity_signups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"activity_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"status" text NOT NULL,
	"signed_up_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"auto_checked_out" boolean DEFAULT false NOT NULL,
	CONSTRAINT "activity_signups_status_check" CHECK ("activity_signups"."status" in ('signed_up','waitlisted','cancelled','removed'))
);
--> statement-breakpoint
CREATE TABLE "hour_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hour_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"activity_id" integer,
	"signup_id" integer,
	"node_id" integer NOT NULL,
	"community_id" integer,
	"kind" text DEFAULT 'record' NOT NULL,
	"corrects_id" integer,
	"service_date" date NOT NULL,
	"planned_minutes" integer,
	"minutes" integer NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"reason" text,
	"flagged" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	CONSTRAINT "hour_entries_kind_check" CHECK ("hour_entries"."kind" in ('record','correction')),
	CONSTRAINT "hour_entries_status_check" CHECK ("hour_entries"."status" in ('pending','awaiting_approval','confirmed','rejected')),
	CONSTRAINT "hour_entries_minutes_check" CHECK (("hour_entries"."kind" = 'record' and "hour_entries"."minutes" >= 0 and "hour_entries"."minutes" <= 1440) or ("hour_entries"."kind" = 'correction' and "hour_entries"."corrects_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_team_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"team_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"left_at" timestamp with time zone,
	CONSTRAINT "volunteer_team_members_role_check" CHECK ("volunteer_team_members"."role" in ('leader','member')),
	CONSTRAINT "volunteer_team_members_status_check" CHECK ("volunteer_team_members"."status" in ('pending','active','rejected','left'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"join_mode" text DEFAULT 'approval' NOT NULL,
	"invite_code" text,
	"dissolved_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_teams_kind_check" CHECK ("volunteer_teams"."kind" in ('party_vanguard','red_vest','warm_service','phone_teaching','professional','other')),
	CONSTRAINT "volunteer_teams_join_mode_check" CHECK ("volunteer_teams"."join_mode" in ('code','approval'))
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_no" text NOT NULL,
	"user_id" integer,
	"person_id" integer,
	"name" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"name_initials" text DEFAULT '' NOT NULL,
	"gender" text DEFAULT 'unknown' NOT NULL,
	"birth_date" date,
	"id_kind" text,
	"id_cipher" text,
	"id_key_id" text,
	"id_hash" text,
	"id_last4" text,
	"mobile" text,
	"node_id" integer NOT NULL,
	"community_id" integer,
	"political_status" text DEFAULT 'masses' NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"service_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"confirmed_minutes" integer DEFAULT 0 NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteers_gender_check" CHECK ("volunteers"."gender" in ('male','female','unknown')),
	CONSTRAINT "volunteers_political_status_check" CHECK ("volunteers"."political_status" in ('party_member','league_member','masses')),
	CONSTRAINT "volunteers_status_check" CHECK ("volunteers"."status" in ('active','suspended','left')),
	CONSTRAINT "volunteers_confirmed_minutes_check" CHECK ("volunteers"."confirmed_minutes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_signups" ADD CONSTRAINT "activity_signups_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_signups" ADD CONSTRAINT "activity_signups_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_signup_id_activity_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."activity_signups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_entries" ADD CONSTRAINT "hour_entries_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_node_starts_idx" ON "activities" USING btree ("node_id","starts_at");--> statement-breakpoint
CREATE INDEX "activities_community_starts_idx" ON "activities" USING btree ("community_id","starts_at");--> statement-breakpoint
CREATE INDEX "activities_team_idx" ON "activities" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "activities_series_idx" ON "activities" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_checkin_token_key" ON "activities" USING btree ("checkin_token");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_pair_key" ON "activity_signups" USING btree ("activity_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "activity_signups_volunteer_idx" ON "activity_signups" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "activity_signups_waitlist_idx" ON "activity_signups" USING btree ("activity_id","signed_up_at") WHERE "activity_signups"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "hour_entries_volunteer_idx" ON "hour_entries" USING btree ("volunteer_id","service_date");--> statement-breakpoint
CREATE INDEX "hour_entries_activity_idx" ON "hour_entries" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "hour_entries_community_date_idx" ON "hour_entries" USING btree ("community_id","service_date");--> statement-breakpoint
CREATE INDEX "hour_entries_node_status_idx" ON "hour_entries" USING btree ("node_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "hour_entries_signup_record_key" ON "hour_entries" USING btree ("signup_id") WHERE "hour_entries"."kind" = 'record';--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_team_members_open_key" ON "volunteer_team_members" USING btree ("team_id","volunteer_id") WHERE "volunteer_team_members"."status" in ('pending','active');--> statement-breakpoint
CREATE INDEX "volunteer_team_members_volunteer_idx" ON "volunteer_team_members" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_node_name_key" ON "volunteer_teams" USING btree ("node_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_invite_code_key" ON "volunteer_teams" USING btree ("invite_code");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_no_key" ON "volunteers" USING btree ("volunteer_no");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_user_key" ON "volunteers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_person_key" ON "volunteers" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_id_hash_key" ON "volunteers" USING btree ("id_hash");--> statement-breakpoint
CREATE INDEX "volunteers_node_idx" ON "volunteers" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "volunteers_community_name_idx" ON "volunteers" USING btree ("community_id","name");--> statement-breakpoint
CREATE INDEX "volunteers_community_initials_idx" ON "volunteers" USING btree ("community_id","name_initials");