CREATE TABLE "booking_series" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "booking_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"room_id" integer NOT NULL,
	"team_id" integer,
	"booked_by" integer NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"starts_min" smallint NOT NULL,
	"ends_min" smallint NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "booking_series_times_check" CHECK ("booking_series"."starts_min" >= 0 and "booking_series"."ends_min" <= 1440 and "booking_series"."starts_min" < "booking_series"."ends_min"),
	CONSTRAINT "booking_series_dates_check" CHECK ("booking_series"."first_date" <= "booking_series"."last_date")
);
--> statement-breakpoint
CREATE TABLE "booking_suspensions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "booking_suspensions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"user_id" integer,
	"team_id" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"no_shows" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" integer,
	CONSTRAINT "booking_suspensions_subject_check" CHECK (("booking_suspensions"."user_id" is null) <> ("booking_suspensions"."team_id" is null)),
	CONSTRAINT "booking_suspensions_time_check" CHECK ("booking_suspensions"."ends_at" > "booking_suspensions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "booking_waitlist" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "booking_waitlist_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"room_id" integer NOT NULL,
	"team_id" integer,
	"user_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"booking_id" integer,
	CONSTRAINT "booking_waitlist_status_check" CHECK ("booking_waitlist"."status" in ('waiting','promoted','left','expired')),
	CONSTRAINT "booking_waitlist_time_check" CHECK ("booking_waitlist"."ends_at" > "booking_waitlist"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bookings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"room_id" integer NOT NULL,
	"series_id" integer,
	"team_id" integer,
	"booked_by" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"attendees" integer,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"decision_note" text,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" integer,
	"checkin_method" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" integer,
	"cancel_reason" text,
	"released_at" timestamp with time zone,
	CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" in ('pending','confirmed','checked_in','cancelled','rejected','no_show','expired')),
	CONSTRAINT "bookings_time_check" CHECK ("bookings"."ends_at" > "bookings"."starts_at"),
	CONSTRAINT "bookings_checkin_method_check" CHECK ("bookings"."checkin_method" is null or "bookings"."checkin_method" in ('qr','staff')),
	CONSTRAINT "bookings_attendees_check" CHECK ("bookings"."attendees" is null or "bookings"."attendees" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_center_settings" (
	"service_center_id" integer PRIMARY KEY NOT NULL,
	"open_to_all" boolean DEFAULT false NOT NULL,
	"no_show_limit" smallint DEFAULT 3 NOT NULL,
	"no_show_window_days" smallint DEFAULT 30 NOT NULL,
	"suspension_days" smallint DEFAULT 14 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" integer,
	CONSTRAINT "room_center_settings_no_show_check" CHECK ("room_center_settings"."no_show_limit" between 1 and 100 and "room_center_settings"."no_show_window_days" between 1 and 366 and "room_center_settings"."suspension_days" between 1 and 366)
);
--> statement-breakpoint
CREATE TABLE "room_hours_exceptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "room_hours_exceptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"schedule_id" integer NOT NULL,
	"room_id" integer,
	"date_from" date NOT NULL,
	"date_to" date NOT NULL,
	"kind" text NOT NULL,
	"opens_min" smallint,
	"closes_min" smallint,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_hours_exceptions_kind_check" CHECK ("room_hours_exceptions"."kind" in ('closed','open','extended')),
	CONSTRAINT "room_hours_exceptions_range_check" CHECK ("room_hours_exceptions"."date_from" <= "room_hours_exceptions"."date_to"),
	CONSTRAINT "room_hours_exceptions_times_check" CHECK (("room_hours_exceptions"."opens_min" is null and "room_hours_exceptions"."closes_min" is null and "room_hours_exceptions"."kind" = 'closed')
          or ("room_hours_exceptions"."opens_min" >= 0 and "room_hours_exceptions"."closes_min" <= 1440 and "room_hours_exceptions"."opens_min" < "room_hours_exceptions"."closes_min"))
);
--> statement-breakpoint
CREATE TABLE "room_hours_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "room_hours_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"schedule_id" integer NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"opens_min" smallint NOT NULL,
	"closes_min" smallint NOT NULL,
	"valid_from" date,
	"valid_to" date,
	CONSTRAINT "room_hours_rules_weekdays_check" CHECK (cardinality("room_hours_rules"."weekdays") > 0 and "room_hours_rules"."weekdays" <@ '{1,2,3,4,5,6,7}'::smallint[]),
	CONSTRAINT "room_hours_rules_times_check" CHECK ("room_hours_rules"."opens_min" >= 0 and "room_hours_rules"."closes_min" <= 1440 and "room_hours_rules"."opens_min" < "room_hours_rules"."closes_min"),
	CONSTRAINT "room_hours_rules_validity_check" CHECK ("room_hours_rules"."valid_from" is null or "room_hours_rules"."valid_to" is null or "room_hours_rules"."valid_from" <= "room_hours_rules"."valid_to")
);
--> statement-breakpoint
CREATE TABLE "room_quotas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "room_quotas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"room_id" integer,
	"subject" text NOT NULL,
	"minutes_per_week" integer NOT NULL,
	CONSTRAINT "room_quotas_subject_check" CHECK ("room_quotas"."subject" in ('team','resident')),
	CONSTRAINT "room_quotas_minutes_check" CHECK ("room_quotas"."minutes_per_week" between 0 and 10080)
);
--> statement-breakpoint
CREATE TABLE "room_schedules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "room_schedules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"holiday_mode" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_schedules_center_id_key" UNIQUE("service_center_id","id"),
	CONSTRAINT "room_schedules_purpose_check" CHECK ("room_schedules"."purpose" in ('hall','rooms')),
	CONSTRAINT "room_schedules_holiday_mode_check" CHECK ("room_schedules"."holiday_mode" in ('open','closed','sunday'))
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rooms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"schedule_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"capacity" integer,
	"location" text,
	"description" text DEFAULT '' NOT NULL,
	"equipment" text[] DEFAULT '{}'::text[] NOT NULL,
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"open_to_all" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"slot_minutes" smallint DEFAULT 30 NOT NULL,
	"min_booking_minutes" integer DEFAULT 30 NOT NULL,
	"max_booking_minutes" integer DEFAULT 240 NOT NULL,
	"min_notice_minutes" integer DEFAULT 30 NOT NULL,
	"max_advance_days" integer DEFAULT 60 NOT NULL,
	"cancel_notice_minutes" integer DEFAULT 120 NOT NULL,
	"no_show_release_minutes" integer DEFAULT 15 NOT NULL,
	"checkin_opens_minutes" integer DEFAULT 15 NOT NULL,
	"checkin_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rooms_kind_check" CHECK ("rooms"."kind" in ('dance','chess_cards','table_tennis','singing','reading','meeting','childcare','day_care','calligraphy','fitness','other')),
	CONSTRAINT "rooms_capacity_check" CHECK ("rooms"."capacity" is null or "rooms"."capacity" > 0),
	CONSTRAINT "rooms_slot_check" CHECK ("rooms"."slot_minutes" in (5, 10, 15, 20, 30, 60)),
	CONSTRAINT "rooms_rules_check" CHECK ("rooms"."min_booking_minutes" > 0 and "rooms"."max_booking_minutes" >= "rooms"."min_booking_minutes" and "rooms"."max_booking_minutes" <= 1440
          and "rooms"."min_notice_minutes" >= 0 and "rooms"."max_advance_days" between 1 and 366 and "rooms"."cancel_notice_minutes" >= 0
          and "rooms"."no_show_release_minutes" between 1 and 240 and "rooms"."checkin_opens_minutes" between 0 and 240)
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_node_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"leader_user_id" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "teams_kind_check" CHECK ("teams"."kind" in ('dance','choir','chess_cards','sports','interest_class','volunteer','other'))
);
--> statement-breakpoint
ALTER TABLE "booking_series" ADD CONSTRAINT "booking_series_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_series" ADD CONSTRAINT "booking_series_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_series" ADD CONSTRAINT "booking_series_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_lifted_by_users_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_waitlist" ADD CONSTRAINT "booking_waitlist_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_waitlist" ADD CONSTRAINT "booking_waitlist_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_waitlist" ADD CONSTRAINT "booking_waitlist_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_waitlist" ADD CONSTRAINT "booking_waitlist_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_series_id_booking_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."booking_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_checked_in_by_users_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_center_settings" ADD CONSTRAINT "room_center_settings_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_center_settings" ADD CONSTRAINT "room_center_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_hours_exceptions" ADD CONSTRAINT "room_hours_exceptions_schedule_id_room_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."room_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_hours_exceptions" ADD CONSTRAINT "room_hours_exceptions_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_hours_exceptions" ADD CONSTRAINT "room_hours_exceptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_hours_rules" ADD CONSTRAINT "room_hours_rules_schedule_id_room_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."room_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_quotas" ADD CONSTRAINT "room_quotas_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_quotas" ADD CONSTRAINT "room_quotas_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_schedules" ADD CONSTRAINT "room_schedules_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_schedule_same_center_fk" FOREIGN KEY ("service_center_id","schedule_id") REFERENCES "public"."room_schedules"("service_center_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_leader_user_id_users_id_fk" FOREIGN KEY ("leader_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_series_room_idx" ON "booking_series" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "booking_suspensions_user_idx" ON "booking_suspensions" USING btree ("service_center_id","user_id","ends_at");--> statement-breakpoint
CREATE INDEX "booking_suspensions_team_idx" ON "booking_suspensions" USING btree ("service_center_id","team_id","ends_at");--> statement-breakpoint
CREATE INDEX "booking_waitlist_room_idx" ON "booking_waitlist" USING btree ("room_id","starts_at") WHERE "booking_waitlist"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "booking_waitlist_user_idx" ON "booking_waitlist" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_waitlist_once_key" ON "booking_waitlist" USING btree ("room_id","user_id",coalesce("team_id", 0),"starts_at","ends_at") WHERE "booking_waitlist"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "bookings_room_time_idx" ON "bookings" USING btree ("room_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_team_time_idx" ON "bookings" USING btree ("team_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_booker_time_idx" ON "bookings" USING btree ("booked_by","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_series_idx" ON "bookings" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "bookings_open_start_idx" ON "bookings" USING btree ("starts_at") WHERE "bookings"."status" in ('pending','confirmed');--> statement-breakpoint
CREATE INDEX "room_hours_exceptions_schedule_idx" ON "room_hours_exceptions" USING btree ("schedule_id","date_from");--> statement-breakpoint
CREATE INDEX "room_hours_rules_schedule_idx" ON "room_hours_rules" USING btree ("schedule_id");--> statement-breakpoint
CREATE UNIQUE INDEX "room_quotas_scope_key" ON "room_quotas" USING btree ("service_center_id",coalesce("room_id", 0),"subject");--> statement-breakpoint
CREATE UNIQUE INDEX "room_schedules_center_name_key" ON "room_schedules" USING btree ("service_center_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "room_schedules_one_hall_key" ON "room_schedules" USING btree ("service_center_id") WHERE "room_schedules"."purpose" = 'hall';--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_center_name_key" ON "rooms" USING btree ("service_center_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_checkin_token_key" ON "rooms" USING btree ("checkin_token");--> statement-breakpoint
CREATE INDEX "rooms_schedule_idx" ON "rooms" USING btree ("schedule_id");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_node_name_key" ON "teams" USING btree ("org_node_id","name");--> statement-breakpoint
CREATE INDEX "teams_leader_idx" ON "teams" USING btree ("leader_user_id");