CREATE TABLE "volunteer_certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"serial" text NOT NULL,
	"volunteer_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"volunteer_name" text NOT NULL,
	"id_masked" text,
	"volunteer_no" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"total_minutes" integer NOT NULL,
	"service_content" text NOT NULL,
	"issuer" text NOT NULL,
	"responsible_person" text NOT NULL,
	"handler" text NOT NULL,
	"contact" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" integer,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"revoke_reason" text,
	CONSTRAINT "volunteer_certificates_minutes_check" CHECK ("volunteer_certificates"."total_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "volunteer_corrections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"requested" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "volunteer_corrections_status_check" CHECK ("volunteer_corrections"."status" in ('pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_number_counters" (
	"scope_id" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_recognition_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_recognition_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"recognition_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"minutes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_recognition_objections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_recognition_objections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"recognition_id" integer NOT NULL,
	"volunteer_id" integer,
	"content" text NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_recognitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_recognitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"min_hours" integer,
	"notice_days" integer DEFAULT 7 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"notice_ends_at" timestamp with time zone,
	"final_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_recognitions_status_check" CHECK ("volunteer_recognitions"."status" in ('draft','notice','final')),
	CONSTRAINT "volunteer_recognitions_period_check" CHECK ("volunteer_recognitions"."period_end" >= "volunteer_recognitions"."period_start"),
	CONSTRAINT "volunteer_recognitions_notice_days_check" CHECK ("volunteer_recognitions"."notice_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "volunteer_record_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_record_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"kind" text NOT NULL,
	"fields" text[] NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"correction_id" integer,
	"changed_by" integer,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_record_changes_kind_check" CHECK ("volunteer_record_changes"."kind" in ('register','edit','correction','status'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_star_settings" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"thresholds_hours" integer[] NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_star_settings_five_check" CHECK (cardinality("volunteer_star_settings"."thresholds_hours") = 5)
);
--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_corrections" ADD CONSTRAINT "volunteer_corrections_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_corrections" ADD CONSTRAINT "volunteer_corrections_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_corrections" ADD CONSTRAINT "volunteer_corrections_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognition_entries" ADD CONSTRAINT "volunteer_recognition_entries_recognition_id_volunteer_recognitions_id_fk" FOREIGN KEY ("recognition_id") REFERENCES "public"."volunteer_recognitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognition_entries" ADD CONSTRAINT "volunteer_recognition_entries_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognition_objections" ADD CONSTRAINT "volunteer_recognition_objections_recognition_id_volunteer_recognitions_id_fk" FOREIGN KEY ("recognition_id") REFERENCES "public"."volunteer_recognitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognition_objections" ADD CONSTRAINT "volunteer_recognition_objections_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognition_objections" ADD CONSTRAINT "volunteer_recognition_objections_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognitions" ADD CONSTRAINT "volunteer_recognitions_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_recognitions" ADD CONSTRAINT "volunteer_recognitions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_record_changes" ADD CONSTRAINT "volunteer_record_changes_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_record_changes" ADD CONSTRAINT "volunteer_record_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_star_settings" ADD CONSTRAINT "volunteer_star_settings_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_star_settings" ADD CONSTRAINT "volunteer_star_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificates_serial_key" ON "volunteer_certificates" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_volunteer_idx" ON "volunteer_certificates" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_node_idx" ON "volunteer_certificates" USING btree ("node_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_corrections_pending_key" ON "volunteer_corrections" USING btree ("volunteer_id") WHERE "volunteer_corrections"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "volunteer_corrections_status_idx" ON "volunteer_corrections" USING btree ("status","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_recognition_entries_pair_key" ON "volunteer_recognition_entries" USING btree ("recognition_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_recognition_objections_list_idx" ON "volunteer_recognition_objections" USING btree ("recognition_id");--> statement-breakpoint
CREATE INDEX "volunteer_recognitions_node_idx" ON "volunteer_recognitions" USING btree ("node_id","period_end");--> statement-breakpoint
CREATE INDEX "volunteer_recognitions_notice_idx" ON "volunteer_recognitions" USING btree ("notice_ends_at") WHERE "volunteer_recognitions"."status" = 'notice';--> statement-breakpoint
CREATE INDEX "volunteer_record_changes_volunteer_idx" ON "volunteer_record_changes" USING btree ("volunteer_id","changed_at");