CREATE TABLE "appointment_slots" (
	"window_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" smallint NOT NULL,
	"taken" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "appointment_slots_window_id_starts_at_pk" PRIMARY KEY("window_id","starts_at"),
	CONSTRAINT "appointment_slots_taken_check" CHECK ("appointment_slots"."taken" >= 0 and "appointment_slots"."taken" <= "appointment_slots"."capacity"),
	CONSTRAINT "appointment_slots_time_check" CHECK ("appointment_slots"."starts_at" < "appointment_slots"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"window_id" integer NOT NULL,
	"service_center_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"user_id" integer,
	"booked_by" integer,
	"name" text NOT NULL,
	"phone_sealed" text,
	"party_size" smallint DEFAULT 1 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"rescheduled_from_id" integer,
	"cancel_reason" text,
	"reminded_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" in ('booked','waiting','checked_in','served','cancelled','no_show','expired')),
	CONSTRAINT "appointments_party_check" CHECK ("appointments"."party_size" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "duty_gap_reports" (
	"service_center_id" integer NOT NULL,
	"day" date NOT NULL,
	"gaps" jsonb NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_gap_reports_service_center_id_day_pk" PRIMARY KEY("service_center_id","day")
);
--> statement-breakpoint
CREATE TABLE "duty_shifts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duty_shifts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"day" date NOT NULL,
	"starts_min" smallint NOT NULL,
	"ends_min" smallint NOT NULL,
	"user_id" integer NOT NULL,
	"duty" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_shifts_time_check" CHECK ("duty_shifts"."starts_min" >= 0 and "duty_shifts"."ends_min" <= 1440 and "duty_shifts"."starts_min" < "duty_shifts"."ends_min")
);
--> statement-breakpoint
CREATE TABLE "duty_swaps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duty_swaps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"shift_id" integer NOT NULL,
	"from_user_id" integer NOT NULL,
	"to_user_id" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_swaps_status_check" CHECK ("duty_swaps"."status" in ('pending','approved','rejected','withdrawn')),
	CONSTRAINT "duty_swaps_people_check" CHECK ("duty_swaps"."from_user_id" <> "duty_swaps"."to_user_id")
);
--> statement-breakpoint
CREATE TABLE "home_service_requests" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"kind" text NOT NULL,
	"for_person_id" integer,
	"requested_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "home_service_requests_kind_check" CHECK ("home_service_requests"."kind" in ('at_home','on_behalf'))
);
--> statement-breakpoint
CREATE TABLE "queue_counters" (
	"service_center_id" integer NOT NULL,
	"day" date NOT NULL,
	"prefix" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "queue_counters_service_center_id_day_prefix_pk" PRIMARY KEY("service_center_id","day","prefix")
);
--> statement-breakpoint
CREATE TABLE "queue_tickets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queue_tickets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"day" date NOT NULL,
	"number" text NOT NULL,
	"item_id" integer,
	"window_id" integer,
	"appointment_id" integer,
	"user_id" integer,
	"source" text NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"called_at" timestamp with time zone,
	"called_by" integer,
	"call_count" smallint DEFAULT 0 NOT NULL,
	"serving_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"transferred_from_window_id" integer,
	"token" text NOT NULL,
	CONSTRAINT "queue_tickets_source_check" CHECK ("queue_tickets"."source" in ('kiosk','staff','phone','appointment')),
	CONSTRAINT "queue_tickets_status_check" CHECK ("queue_tickets"."status" in ('waiting','called','serving','done','no_show','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"template_id" integer,
	"code" text,
	"name" text NOT NULL,
	"name_search" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"eligibility" text DEFAULT '' NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"fee_cents" integer DEFAULT 0 NOT NULL,
	"fee_note" text DEFAULT '' NOT NULL,
	"time_limit_days" integer DEFAULT 0 NOT NULL,
	"modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"process" text DEFAULT '' NOT NULL,
	"notice" text DEFAULT '' NOT NULL,
	"is_certificate" boolean DEFAULT false NOT NULL,
	"service_minutes" smallint DEFAULT 15 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_items_category_check" CHECK ("service_items"."category" in ('social_security','medical_insurance','civil_affairs','household','certificates','employment','family','veterans','utilities','elderly','party','other')),
	CONSTRAINT "service_items_modes_check" CHECK ("service_items"."modes" <@ array['on_the_spot','online','by_appointment','at_home','on_behalf']::text[]),
	CONSTRAINT "service_items_fee_check" CHECK ("service_items"."fee_cents" >= 0),
	CONSTRAINT "service_items_time_limit_check" CHECK ("service_items"."time_limit_days" >= 0 and "service_items"."time_limit_days" <= 365),
	CONSTRAINT "service_items_minutes_check" CHECK ("service_items"."service_minutes" between 1 and 480)
);
--> statement-breakpoint
CREATE TABLE "service_ratings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ticket_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"item_id" integer,
	"window_id" integer,
	"staff_user_id" integer,
	"user_id" integer,
	"level" smallint NOT NULL,
	"reason" text,
	"answer" text,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_ratings_level_check" CHECK ("service_ratings"."level" between 1 and 5),
	CONSTRAINT "service_ratings_reason_check" CHECK ("service_ratings"."level" > 2 or ("service_ratings"."reason" is not null and length("service_ratings"."reason") > 0)),
	CONSTRAINT "service_ratings_answer_check" CHECK (("service_ratings"."answer" is null) = ("service_ratings"."answered_at" is null))
);
--> statement-breakpoint
CREATE TABLE "service_window_items" (
	"window_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	CONSTRAINT "service_window_items_window_id_item_id_pk" PRIMARY KEY("window_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "service_window_staff" (
	"window_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "service_window_staff_window_id_user_id_pk" PRIMARY KEY("window_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "service_windows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_windows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_center_id" integer NOT NULL,
	"number" smallint NOT NULL,
	"name" text NOT NULL,
	"ticket_prefix" text DEFAULT 'A' NOT NULL,
	"accepts_appointments" boolean DEFAULT true NOT NULL,
	"slot_minutes" smallint DEFAULT 30 NOT NULL,
	"slot_capacity" smallint DEFAULT 3 NOT NULL,
	"max_party_size" smallint DEFAULT 3 NOT NULL,
	"max_advance_days" smallint DEFAULT 14 NOT NULL,
	"min_notice_minutes" integer DEFAULT 60 NOT NULL,
	"cancel_notice_minutes" integer DEFAULT 30 NOT NULL,
	"no_show_minutes" integer DEFAULT 15 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_windows_number_check" CHECK ("service_windows"."number" between 1 and 99),
	CONSTRAINT "service_windows_prefix_check" CHECK ("service_windows"."ticket_prefix" ~ '^[A-Z]$'),
	CONSTRAINT "service_windows_slot_check" CHECK ("service_windows"."slot_minutes" between 5 and 240 and "service_windows"."slot_capacity" between 1 and 100),
	CONSTRAINT "service_windows_party_check" CHECK ("service_windows"."max_party_size" between 1 and "service_windows"."slot_capacity"),
	CONSTRAINT "service_windows_advance_check" CHECK ("service_windows"."max_advance_days" between 1 and 90)
);
--> statement-breakpoint
CREATE TABLE "workshop_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workshop_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"preferred_at" timestamp with time zone,
	"confirmed_for" timestamp with time zone,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"decline_reason" text,
	"rating" smallint,
	"rating_comment" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "workshop_orders_status_check" CHECK ("workshop_orders"."status" in ('requested','confirmed','declined','done','cancelled')),
	CONSTRAINT "workshop_orders_rating_check" CHECK ("workshop_orders"."rating" is null or ("workshop_orders"."rating" between 1 and 5 and "workshop_orders"."status" = 'done'))
);
--> statement-breakpoint
CREATE TABLE "workshop_providers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workshop_providers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"contact_name" text NOT NULL,
	"phone" text NOT NULL,
	"user_id" integer,
	"address" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"hours" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workshop_providers_node_name_key" UNIQUE("node_id","name"),
	CONSTRAINT "workshop_providers_kind_check" CHECK ("workshop_providers"."kind" in ('resident','shop','unit','social_org'))
);
--> statement-breakpoint
CREATE TABLE "workshop_services" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workshop_services_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider_id" integer NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"price_cents" integer DEFAULT 0 NOT NULL,
	"unit" text DEFAULT '次' NOT NULL,
	"at_home" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workshop_services_provider_name_key" UNIQUE("provider_id","name"),
	CONSTRAINT "workshop_services_category_check" CHECK ("workshop_services"."category" in ('haircut','appliance_repair','key_cutting','tailoring','bicycle_repair','drain_clearing','housekeeping','legal_advice','health','tutoring','other')),
	CONSTRAINT "workshop_services_price_check" CHECK ("workshop_services"."price_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_window_id_service_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."service_windows"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_window_id_service_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."service_windows"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_rescheduled_from_fk" FOREIGN KEY ("rescheduled_from_id") REFERENCES "public"."appointments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_gap_reports" ADD CONSTRAINT "duty_gap_reports_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_shift_id_duty_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."duty_shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_service_requests" ADD CONSTRAINT "home_service_requests_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_service_requests" ADD CONSTRAINT "home_service_requests_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_service_requests" ADD CONSTRAINT "home_service_requests_for_person_id_persons_id_fk" FOREIGN KEY ("for_person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_service_requests" ADD CONSTRAINT "home_service_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_counters" ADD CONSTRAINT "queue_counters_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_window_id_service_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."service_windows"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tickets" ADD CONSTRAINT "queue_tickets_called_by_users_id_fk" FOREIGN KEY ("called_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_template_fk" FOREIGN KEY ("template_id") REFERENCES "public"."service_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_ticket_id_queue_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."queue_tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_window_id_service_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."service_windows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_window_items" ADD CONSTRAINT "service_window_items_window_id_service_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."service_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_window_items" ADD CONSTRAINT "service_window_items_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_window_staff" ADD CONSTRAINT "service_window_staff_window_id_service_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."service_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_window_staff" ADD CONSTRAINT "service_window_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_windows" ADD CONSTRAINT "service_windows_service_center_id_service_centers_id_fk" FOREIGN KEY ("service_center_id") REFERENCES "public"."service_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_orders" ADD CONSTRAINT "workshop_orders_service_id_workshop_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."workshop_services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_orders" ADD CONSTRAINT "workshop_orders_provider_id_workshop_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."workshop_providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_orders" ADD CONSTRAINT "workshop_orders_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_orders" ADD CONSTRAINT "workshop_orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_providers" ADD CONSTRAINT "workshop_providers_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_providers" ADD CONSTRAINT "workshop_providers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_services" ADD CONSTRAINT "workshop_services_provider_id_workshop_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."workshop_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_number_key" ON "appointments" USING btree ("number");--> statement-breakpoint
CREATE INDEX "appointments_slot_idx" ON "appointments" USING btree ("window_id","starts_at","status");--> statement-breakpoint
CREATE INDEX "appointments_user_idx" ON "appointments" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_center_day_idx" ON "appointments" USING btree ("service_center_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_node_idx" ON "appointments" USING btree ("node_id","starts_at");--> statement-breakpoint
CREATE INDEX "duty_shifts_center_day_idx" ON "duty_shifts" USING btree ("service_center_id","day");--> statement-breakpoint
CREATE INDEX "duty_shifts_user_day_idx" ON "duty_shifts" USING btree ("user_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_shifts_person_key" ON "duty_shifts" USING btree ("service_center_id","day","starts_min","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_swaps_one_pending_key" ON "duty_swaps" USING btree ("shift_id") WHERE "duty_swaps"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "home_service_requests_item_idx" ON "home_service_requests" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_center_day_number_key" ON "queue_tickets" USING btree ("service_center_id","day","number");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_appointment_key" ON "queue_tickets" USING btree ("appointment_id") WHERE "queue_tickets"."appointment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_token_key" ON "queue_tickets" USING btree ("token");--> statement-breakpoint
CREATE INDEX "queue_tickets_waiting_idx" ON "queue_tickets" USING btree ("service_center_id","day","queued_at") WHERE "queue_tickets"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "queue_tickets_node_day_idx" ON "queue_tickets" USING btree ("node_id","day");--> statement-breakpoint
CREATE INDEX "queue_tickets_user_idx" ON "queue_tickets" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "service_items_node_idx" ON "service_items" USING btree ("node_id","sort");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_node_name_key" ON "service_items" USING btree ("node_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_node_template_key" ON "service_items" USING btree ("node_id","template_id") WHERE "service_items"."template_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "service_ratings_ticket_key" ON "service_ratings" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "service_ratings_node_idx" ON "service_ratings" USING btree ("node_id","created_at");--> statement-breakpoint
CREATE INDEX "service_ratings_unanswered_idx" ON "service_ratings" USING btree ("node_id") WHERE "service_ratings"."level" <= 2 and "service_ratings"."answered_at" is null;--> statement-breakpoint
CREATE INDEX "service_window_items_item_idx" ON "service_window_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "service_window_staff_user_idx" ON "service_window_staff" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_windows_center_number_key" ON "service_windows" USING btree ("service_center_id","number");--> statement-breakpoint
CREATE INDEX "workshop_orders_provider_idx" ON "workshop_orders" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "workshop_orders_user_idx" ON "workshop_orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "workshop_orders_node_idx" ON "workshop_orders" USING btree ("node_id","created_at");--> statement-breakpoint
CREATE INDEX "workshop_providers_node_idx" ON "workshop_providers" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "workshop_providers_user_idx" ON "workshop_providers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "workshop_services_provider_idx" ON "workshop_services" USING btree ("provider_id");