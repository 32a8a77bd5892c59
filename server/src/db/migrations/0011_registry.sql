CREATE TABLE "care_tags" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_tags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_node_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"sensitivity" text NOT NULL,
	"visible_to_roles" text[] NOT NULL,
	"purpose" text NOT NULL,
	"retention_days" integer NOT NULL,
	"detail_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"color" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_tags_sensitivity_check" CHECK ("care_tags"."sensitivity" in ('ordinary','sensitive')),
	CONSTRAINT "care_tags_retention_check" CHECK ("care_tags"."retention_days" between 0 and 36500)
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "households_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"grid_id" integer,
	"community_id" integer NOT NULL,
	"household_no" text,
	"door" text,
	"address" text,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_tags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "person_tags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"added_by" integer,
	"added_at" timestamp with time zone NOT NULL,
	"removed_by" integer,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"name_initials" text DEFAULT '' NOT NULL,
	"gender" text DEFAULT 'unknown' NOT NULL,
	"birth_date" date,
	"ethnicity" text,
	"id_kind" text,
	"id_cipher" text,
	"id_key_id" text,
	"id_hash" text,
	"id_last4" text,
	"mobile" text,
	"registered_address" text,
	"living_status" text DEFAULT 'present' NOT NULL,
	"away_note" text,
	"household_id" integer,
	"relation" text,
	"grid_id" integer,
	"community_id" integer,
	"user_id" integer,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "persons_gender_check" CHECK ("persons"."gender" in ('male','female','unknown')),
	CONSTRAINT "persons_living_status_check" CHECK ("persons"."living_status" in ('present','away','deceased')),
	CONSTRAINT "persons_relation_check" CHECK ("persons"."relation" is null or "persons"."relation" in ('head','spouse','child','child_in_law','grandchild','parent','parent_in_law','grandparent','sibling','other_relative','non_relative')),
	CONSTRAINT "persons_id_kind_check" CHECK ("persons"."id_kind" is null or "persons"."id_kind" in ('resident_id','hk_macao_permit','taiwan_permit','passport','foreign_permanent','other')),
	CONSTRAINT "persons_id_cipher_check" CHECK (("persons"."id_cipher" is null) = ("persons"."id_hash" is null) and ("persons"."id_cipher" is null) = ("persons"."id_key_id" is null))
);
--> statement-breakpoint
CREATE TABLE "place_assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "place_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"duty" text NOT NULL,
	"user_id" integer NOT NULL,
	"household_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"assigned_by" integer,
	"note" text,
	CONSTRAINT "place_assignments_duty_check" CHECK ("place_assignments"."duty" in ('grid_worker','building_leader','unit_leader','household_leader'))
);
--> statement-breakpoint
CREATE TABLE "residences" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "residences_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"relation" text,
	"moved_in_on" date NOT NULL,
	"moved_in_reason" text NOT NULL,
	"moved_out_on" date,
	"moved_out_reason" text,
	"moved_out_to" text,
	"note" text,
	"recorded_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "residences_out_check" CHECK (("residences"."moved_out_on" is null) = ("residences"."moved_out_reason" is null)),
	CONSTRAINT "residences_order_check" CHECK ("residences"."moved_out_on" is null or "residences"."moved_out_on" >= "residences"."moved_in_on")
);
--> statement-breakpoint
ALTER TABLE "care_tags" ADD CONSTRAINT "care_tags_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_grid_id_org_nodes_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_tag_id_care_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."care_tags"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_grid_id_org_nodes_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_assignments" ADD CONSTRAINT "place_assignments_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_assignments" ADD CONSTRAINT "place_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_assignments" ADD CONSTRAINT "place_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residences" ADD CONSTRAINT "residences_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residences" ADD CONSTRAINT "residences_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residences" ADD CONSTRAINT "residences_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_tags_node_code_key" ON "care_tags" USING btree ("org_node_id","code");--> statement-breakpoint
CREATE INDEX "households_node_idx" ON "households" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "households_grid_idx" ON "households" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "households_community_idx" ON "households" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "households_community_no_key" ON "households" USING btree ("community_id","household_no") WHERE "households"."household_no" is not null and "households"."closed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "person_tags_open_key" ON "person_tags" USING btree ("person_id","tag_id") WHERE "person_tags"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "person_tags_tag_idx" ON "person_tags" USING btree ("tag_id") WHERE "person_tags"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_hash_key" ON "persons" USING btree ("id_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_user_key" ON "persons" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "persons_household_idx" ON "persons" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "persons_grid_idx" ON "persons" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "persons_community_name_idx" ON "persons" USING btree ("community_id","name");--> statement-breakpoint
CREATE INDEX "persons_community_initials_idx" ON "persons" USING btree ("community_id","name_initials");--> statement-breakpoint
CREATE INDEX "persons_name_trgm" ON "persons" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "persons_pinyin_trgm" ON "persons" USING gin ("name_pinyin" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "place_assignments_node_idx" ON "place_assignments" USING btree ("node_id","duty") WHERE "place_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "place_assignments_user_idx" ON "place_assignments" USING btree ("user_id") WHERE "place_assignments"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "place_assignments_open_key" ON "place_assignments" USING btree ("node_id","duty","user_id") WHERE "place_assignments"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "residences_open_key" ON "residences" USING btree ("person_id") WHERE "residences"."moved_out_on" is null;--> statement-breakpoint
CREATE INDEX "residences_person_idx" ON "residences" USING btree ("person_id","moved_in_on");--> statement-breakpoint
CREATE INDEX "residences_household_idx" ON "residences" USING btree ("household_id","moved_in_on");