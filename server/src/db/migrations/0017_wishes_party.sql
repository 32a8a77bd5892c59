CREATE TABLE "party_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "party_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"volunteer_id" integer,
	"name" text NOT NULL,
	"mobile" text,
	"community_id" integer NOT NULL,
	"employer_node_id" integer,
	"employer_name" text NOT NULL,
	"branch" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "party_members_status_check" CHECK ("party_members"."status" in ('pending','confirmed','rejected'))
);
--> statement-breakpoint
CREATE TABLE "party_pairings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "party_pairings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"unit_node_id" integer,
	"unit_name" text NOT NULL,
	"starts_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_post_claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "party_post_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"post_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_posts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "party_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"slots" integer NOT NULL,
	"taken" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_posts_slots_check" CHECK ("party_posts"."slots" >= 1 and "party_posts"."taken" >= 0 and "party_posts"."taken" <= "party_posts"."slots"),
	CONSTRAINT "party_posts_status_check" CHECK ("party_posts"."status" in ('open','closed'))
);
--> statement-breakpoint
CREATE TABLE "party_service_logs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "party_service_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"post_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"service_date" date NOT NULL,
	"minutes" integer NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"logged_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "party_service_logs_minutes_check" CHECK ("party_service_logs"."minutes" >= 1 and "party_service_logs"."minutes" <= 1440),
	CONSTRAINT "party_service_logs_status_check" CHECK ("party_service_logs"."status" in ('pending','confirmed','rejected'))
);
--> statement-breakpoint
CREATE TABLE "micro_wishes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "micro_wishes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"community_id" integer,
	"person_id" integer,
	"beneficiary_user_id" integer,
	"recipient_name" text NOT NULL,
	"public_name" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"estimated_value" integer,
	"deadline" date NOT NULL,
	"total_shares" integer DEFAULT 1 NOT NULL,
	"claimed_shares" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"verify_method" text,
	"verify_note" text,
	"reject_reason" text,
	"verified_by" integer,
	"verified_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"first_claimed_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"fulfilled_by" integer,
	"fulfil_note" text,
	"realised_at" timestamp with time zone,
	"confirmed_by" integer,
	"returned_count" integer DEFAULT 0 NOT NULL,
	"posted_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "micro_wishes_kind_check" CHECK ("micro_wishes"."kind" in ('goods','service')),
	CONSTRAINT "micro_wishes_status_check" CHECK ("micro_wishes"."status" in ('pending','rejected','published','fulfilled','realised')),
	CONSTRAINT "micro_wishes_shares_check" CHECK ("micro_wishes"."total_shares" between 1 and 20 and "micro_wishes"."claimed_shares" >= 0 and "micro_wishes"."claimed_shares" <= "micro_wishes"."total_shares"),
	CONSTRAINT "micro_wishes_value_check" CHECK ("micro_wishes"."estimated_value" is null or "micro_wishes"."estimated_value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "wish_claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wish_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"wish_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"claimant_kind" text NOT NULL,
	"party_member_id" integer,
	"volunteer_id" integer,
	"team_id" integer,
	"unit_node_id" integer,
	"claimant_name" text NOT NULL,
	"shares" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"returned_at" timestamp with time zone,
	CONSTRAINT "wish_claims_kind_check" CHECK ("wish_claims"."claimant_kind" in ('party_member','volunteer','team','unit')),
	CONSTRAINT "wish_claims_status_check" CHECK ("wish_claims"."status" in ('active','returned')),
	CONSTRAINT "wish_claims_shares_check" CHECK ("wish_claims"."shares" >= 1)
);
--> statement-breakpoint
CREATE TABLE "wish_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wish_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"wish_id" integer NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" integer,
	"actor_label" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "wish_events_kind_check" CHECK ("wish_events"."kind" in ('posted','verified','rejected','claimed','fulfilled','confirmed','returned'))
);
--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_employer_node_id_org_nodes_id_fk" FOREIGN KEY ("employer_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_pairings" ADD CONSTRAINT "party_pairings_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_pairings" ADD CONSTRAINT "party_pairings_unit_node_id_org_nodes_id_fk" FOREIGN KEY ("unit_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_pairings" ADD CONSTRAINT "party_pairings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_post_claims" ADD CONSTRAINT "party_post_claims_post_id_party_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."party_posts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_post_claims" ADD CONSTRAINT "party_post_claims_member_id_party_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."party_members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_posts" ADD CONSTRAINT "party_posts_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_posts" ADD CONSTRAINT "party_posts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_service_logs" ADD CONSTRAINT "party_service_logs_member_id_party_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."party_members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_service_logs" ADD CONSTRAINT "party_service_logs_post_id_party_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."party_posts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_service_logs" ADD CONSTRAINT "party_service_logs_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_service_logs" ADD CONSTRAINT "party_service_logs_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_community_id_org_nodes_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_beneficiary_user_id_users_id_fk" FOREIGN KEY ("beneficiary_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_fulfilled_by_users_id_fk" FOREIGN KEY ("fulfilled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_posted_by_users_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_wish_id_micro_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."micro_wishes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_party_member_id_party_members_id_fk" FOREIGN KEY ("party_member_id") REFERENCES "public"."party_members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_unit_node_id_org_nodes_id_fk" FOREIGN KEY ("unit_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_events" ADD CONSTRAINT "wish_events_wish_id_micro_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."micro_wishes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_events" ADD CONSTRAINT "wish_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "party_members_open_user_key" ON "party_members" USING btree ("user_id") WHERE "party_members"."status" in ('pending','confirmed');--> statement-breakpoint
CREATE INDEX "party_members_community_idx" ON "party_members" USING btree ("community_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "party_pairings_community_unit_key" ON "party_pairings" USING btree ("community_id","unit_name");--> statement-breakpoint
CREATE INDEX "party_pairings_community_idx" ON "party_pairings" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_post_claims_pair_key" ON "party_post_claims" USING btree ("post_id","member_id");--> statement-breakpoint
CREATE INDEX "party_post_claims_member_idx" ON "party_post_claims" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "party_posts_community_idx" ON "party_posts" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "party_service_logs_member_idx" ON "party_service_logs" USING btree ("member_id","service_date");--> statement-breakpoint
CREATE INDEX "party_service_logs_community_idx" ON "party_service_logs" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "micro_wishes_community_status_idx" ON "micro_wishes" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "micro_wishes_node_idx" ON "micro_wishes" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "micro_wishes_status_deadline_idx" ON "micro_wishes" USING btree ("status","deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "wish_claims_open_user_key" ON "wish_claims" USING btree ("wish_id","user_id") WHERE "wish_claims"."status" = 'active';--> statement-breakpoint
CREATE INDEX "wish_claims_user_idx" ON "wish_claims" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "wish_claims_party_member_idx" ON "wish_claims" USING btree ("party_member_id");--> statement-breakpoint
CREATE INDEX "wish_events_wish_idx" ON "wish_events" USING btree ("wish_id","at");