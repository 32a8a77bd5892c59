CREATE TABLE "open311_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "open311_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key_hash" text NOT NULL,
	"partner_name" text NOT NULL,
	"org_node_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "open311_tokens" (
	"token" uuid PRIMARY KEY NOT NULL,
	"request_id" bigint NOT NULL,
	"key_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"parent_id" integer,
	"org_node_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_categories_code_check" CHECK ("request_categories"."code" ~ '^[a-z][a-z0-9_]{1,39}$')
);
--> statement-breakpoint
CREATE TABLE "request_counters" (
	"org_node_id" integer NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"responded" integer DEFAULT 0 NOT NULL,
	"responded_on_time" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"self_resolved" integer DEFAULT 0 NOT NULL,
	"merged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"escalated" integer DEFAULT 0 NOT NULL,
	"followed_up" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	"no_reply" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "request_counters_pkey" PRIMARY KEY("org_node_id","month")
);
--> statement-breakpoint
CREATE TABLE "request_escalations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_escalations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" bigint NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"org_node_id" integer NOT NULL,
	"kind" text NOT NULL,
	"level" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_escalations_kind_check" CHECK ("request_escalations"."kind" in ('response','resolution'))
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" integer,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "request_extensions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_extensions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" bigint NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"extra_working_days" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"previous_due_at" timestamp with time zone,
	"new_due_at" timestamp with time zone,
	CONSTRAINT "request_extensions_days_check" CHECK ("request_extensions"."extra_working_days" between 1 and 60),
	CONSTRAINT "request_extensions_status_check" CHECK ("request_extensions"."status" in ('pending','approved','denied','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "request_time_limits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_time_limits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_node_id" integer NOT NULL,
	"category_id" integer,
	"priority" text NOT NULL,
	"response_amount" integer NOT NULL,
	"response_unit" text NOT NULL,
	"resolution_amount" integer NOT NULL,
	"resolution_unit" text NOT NULL,
	"on_site_amount" integer,
	"on_site_unit" text,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_time_limits_priority_check" CHECK ("request_time_limits"."priority" in ('urgent','ordinary','complex')),
	CONSTRAINT "request_time_limits_units_check" CHECK ("request_time_limits"."response_unit" in ('calendar_minutes','working_minutes','working_days') and "request_time_limits"."resolution_unit" in ('calendar_minutes','working_minutes','working_days')
          and ("request_time_limits"."on_site_unit" is null or "request_time_limits"."on_site_unit" in ('calendar_minutes','working_minutes','working_days'))),
	CONSTRAINT "request_time_limits_on_site_check" CHECK (("request_time_limits"."on_site_amount" is null) = ("request_time_limits"."on_site_unit" is null)),
	CONSTRAINT "request_time_limits_amounts_check" CHECK ("request_time_limits"."response_amount" > 0 and "request_time_limits"."resolution_amount" > 0 and ("request_time_limits"."on_site_amount" is null or "request_time_limits"."on_site_amount" > 0))
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"external_ref" text,
	"category_id" integer,
	"priority" text DEFAULT 'ordinary' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"org_node_id" integer NOT NULL,
	"building_node_id" integer,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"reporter_user_id" integer,
	"reporter_name" text,
	"reporter_name_pinyin" text,
	"reporter_phone" text,
	"created_by" integer,
	"assignee_user_id" integer,
	"assignee_node_id" integer,
	"merged_into_id" bigint,
	"self_resolved" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"response_due_at" timestamp with time zone NOT NULL,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"limit_clock" text NOT NULL,
	"deadline_estimated" boolean DEFAULT false NOT NULL,
	"responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"follow_up_due_at" timestamp with time zone,
	"follow_up_at" timestamp with time zone,
	"follow_up_solved" boolean,
	"satisfaction" text,
	"follow_up_comment" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"return_count" integer DEFAULT 0 NOT NULL,
	"reminder_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"next_escalation_at" timestamp with time zone,
	"response_escalated_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "requests_channel_check" CHECK ("requests"."channel" in ('resident','staff','patrol','building_leader','mobile_grid_worker','hotline','open311')),
	CONSTRAINT "requests_priority_check" CHECK ("requests"."priority" in ('urgent','ordinary','complex')),
	CONSTRAINT "requests_status_check" CHECK ("requests"."status" in ('submitted','accepted','dispatched','in_progress','resolved','closed','merged','rejected')),
	CONSTRAINT "requests_satisfaction_check" CHECK ("requests"."satisfaction" is null or "requests"."satisfaction" in ('satisfied','basically_satisfied','unsatisfied')),
	CONSTRAINT "requests_close_reason_check" CHECK (("requests"."status" = 'closed') = ("requests"."close_reason" is not null)),
	CONSTRAINT "requests_close_reason_values_check" CHECK ("requests"."close_reason" is null or "requests"."close_reason" in ('followed_up','no_reply','no_reporter')),
	CONSTRAINT "requests_merged_check" CHECK (("requests"."status" = 'merged') = ("requests"."merged_into_id" is not null)),
	CONSTRAINT "requests_limit_clock_check" CHECK ("requests"."limit_clock" in ('calendar','working')),
	CONSTRAINT "requests_photos_check" CHECK (cardinality("requests"."photo_ids") <= 9)
);
--> statement-breakpoint
ALTER TABLE "open311_keys" ADD CONSTRAINT "open311_keys_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_tokens" ADD CONSTRAINT "open311_tokens_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_tokens" ADD CONSTRAINT "open311_tokens_key_id_open311_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."open311_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_categories" ADD CONSTRAINT "request_categories_parent_id_request_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."request_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_categories" ADD CONSTRAINT "request_categories_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_counters" ADD CONSTRAINT "request_counters_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_escalations" ADD CONSTRAINT "request_escalations_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_escalations" ADD CONSTRAINT "request_escalations_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_extensions" ADD CONSTRAINT "request_extensions_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_extensions" ADD CONSTRAINT "request_extensions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_extensions" ADD CONSTRAINT "request_extensions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_time_limits" ADD CONSTRAINT "request_time_limits_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_time_limits" ADD CONSTRAINT "request_time_limits_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_time_limits" ADD CONSTRAINT "request_time_limits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_building_node_id_org_nodes_id_fk" FOREIGN KEY ("building_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assignee_node_id_org_nodes_id_fk" FOREIGN KEY ("assignee_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_merged_into_id_requests_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "open311_keys_hash_key" ON "open311_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "open311_tokens_request_idx" ON "open311_tokens" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_categories_code_key" ON "request_categories" USING btree (coalesce("org_node_id", 0),"code");--> statement-breakpoint
CREATE INDEX "request_categories_parent_idx" ON "request_categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "request_counters_month_idx" ON "request_counters" USING btree ("month");--> statement-breakpoint
CREATE UNIQUE INDEX "request_escalations_key" ON "request_escalations" USING btree ("request_id","round","org_node_id","kind");--> statement-breakpoint
CREATE INDEX "request_escalations_node_idx" ON "request_escalations" USING btree ("org_node_id","at");--> statement-breakpoint
CREATE INDEX "request_events_request_idx" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "request_extensions_request_idx" ON "request_extensions" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_extensions_one_pending" ON "request_extensions" USING btree ("request_id") WHERE "request_extensions"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "request_time_limits_key" ON "request_time_limits" USING btree ("org_node_id",coalesce("category_id", 0),"priority");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_number_key" ON "requests" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_external_ref_key" ON "requests" USING btree ("channel","external_ref");--> statement-breakpoint
CREATE INDEX "requests_node_received_idx" ON "requests" USING btree ("org_node_id","received_at");--> statement-breakpoint
CREATE INDEX "requests_received_idx" ON "requests" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "requests_inbox_idx" ON "requests" USING btree ("org_node_id","received_at") WHERE "requests"."status" in ('submitted','accepted');--> statement-breakpoint
CREATE INDEX "requests_assignee_idx" ON "requests" USING btree ("assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "requests_assignee_node_idx" ON "requests" USING btree ("assignee_node_id","status") WHERE "requests"."assignee_node_id" is not null;--> statement-breakpoint
CREATE INDEX "requests_reporter_idx" ON "requests" USING btree ("reporter_user_id","received_at");--> statement-breakpoint
CREATE INDEX "requests_created_by_idx" ON "requests" USING btree ("created_by","received_at");--> statement-breakpoint
CREATE INDEX "requests_merged_into_idx" ON "requests" USING btree ("merged_into_id") WHERE "requests"."merged_into_id" is not null;--> statement-breakpoint
CREATE INDEX "requests_resolution_due_idx" ON "requests" USING btree ("resolution_due_at") WHERE "requests"."status" in ('submitted','accepted','dispatched','in_progress');--> statement-breakpoint
CREATE INDEX "requests_reminder_idx" ON "requests" USING btree ("reminder_at") WHERE "requests"."reminder_sent_at" is null and "requests"."status" in ('submitted','accepted','dispatched','in_progress');--> statement-breakpoint
CREATE INDEX "requests_escalation_idx" ON "requests" USING btree ("next_escalation_at") WHERE "requests"."status" in ('submitted','accepted','dispatched','in_progress');--> statement-breakpoint
CREATE INDEX "requests_response_due_idx" ON "requests" USING btree ("response_due_at") WHERE "requests"."responded_at" is null and "requests"."response_escalated_at" is null and "requests"."status" in ('submitted','accepted','dispatched','in_progress');--> statement-breakpoint
CREATE INDEX "requests_follow_up_due_idx" ON "requests" USING btree ("follow_up_due_at") WHERE "requests"."status" = 'resolved';--> statement-breakpoint
CREATE INDEX "requests_category_received_idx" ON "requests" USING btree ("category_id","received_at");--> statement-breakpoint
CREATE INDEX "requests_reporter_pinyin_trgm" ON "requests" USING gin ("reporter_name_pinyin" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "requests_content_trgm" ON "requests" USING gin ("content" gin_trgm_ops);