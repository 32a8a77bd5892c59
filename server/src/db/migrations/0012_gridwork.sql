CREATE TABLE "visit_overdue_notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_overdue_notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"due_on" date NOT NULL,
	"community_id" integer,
	"notified_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_node_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	"interval_days" integer NOT NULL,
	"overdue_notice_days" integer NOT NULL,
	"updated_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "visit_rules_interval_check" CHECK ("visit_rules"."interval_days" between 1 and 366),
	CONSTRAINT "visit_rules_notice_check" CHECK ("visit_rules"."overdue_notice_days" between 0 and 366)
);
--> statement-breakpoint
CREATE TABLE "work_log_persons" (
	"work_log_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_logs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"mode" text,
	"org_node_id" integer NOT NULL,
	"grid_id" integer,
	"community_id" integer,
	"household_id" integer,
	"lng" double precision,
	"lat" double precision,
	"note" text DEFAULT '' NOT NULL,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"request_id" bigint,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_logs_kind_check" CHECK ("work_logs"."kind" in ('visit','info_collection','hazard_check','dispute_mediation','policy_publicity','errand','patrol')),
	CONSTRAINT "work_logs_mode_check" CHECK (("work_logs"."kind" = 'visit') = ("work_logs"."mode" is not null) and ("work_logs"."mode" is null or "work_logs"."mode" in ('home','phone','hospital'))),
	CONSTRAINT "work_logs_point_check" CHECK (("work_logs"."lng" is null) = ("work_logs"."lat" is null))
);
--> statement-breakpoint
ALTER TABLE "visit_overdue_notices" ADD CONSTRAINT "visit_overdue_notices_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_overdue_notices" ADD CONSTRAINT "visit_overdue_notices_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_rules" ADD CONSTRAINT "visit_rules_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_rules" ADD CONSTRAINT "visit_rules_tag_id_care_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."care_tags"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_rules" ADD CONSTRAINT "visit_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_persons" ADD CONSTRAINT "work_log_persons_work_log_id_work_logs_id_fk" FOREIGN KEY ("work_log_id") REFERENCES "public"."work_logs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_persons" ADD CONSTRAINT "work_log_persons_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_grid_id_org_nodes_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_overdue_notices_key" ON "visit_overdue_notices" USING btree ("person_id","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_rules_node_tag_key" ON "visit_rules" USING btree ("org_node_id","tag_id");--> statement-breakpoint
CREATE INDEX "visit_rules_tag_idx" ON "visit_rules" USING btree ("tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_log_persons_key" ON "work_log_persons" USING btree ("work_log_id","person_id");--> statement-breakpoint
CREATE INDEX "work_log_persons_person_idx" ON "work_log_persons" USING btree ("person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "work_log_persons_visit_idx" ON "work_log_persons" USING btree ("person_id","occurred_at") WHERE "work_log_persons"."kind" = 'visit';--> statement-breakpoint
CREATE INDEX "work_logs_grid_idx" ON "work_logs" USING btree ("grid_id","occurred_at");--> statement-breakpoint
CREATE INDEX "work_logs_community_idx" ON "work_logs" USING btree ("community_id","occurred_at");--> statement-breakpoint
CREATE INDEX "work_logs_household_idx" ON "work_logs" USING btree ("household_id","occurred_at");--> statement-breakpoint
CREATE INDEX "work_logs_author_idx" ON "work_logs" USING btree ("created_by","occurred_at");