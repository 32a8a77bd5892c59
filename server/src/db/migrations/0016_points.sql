CREATE TABLE "point_accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"volunteer_id" integer,
	"node_id" integer,
	"balance" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_accounts_kind_check" CHECK ("point_accounts"."kind" in ('volunteer','issuance','store','expiry','adjustment')),
	CONSTRAINT "point_accounts_owner_check" CHECK (("point_accounts"."kind" = 'volunteer' and "point_accounts"."volunteer_id" is not null and "point_accounts"."node_id" is null) or ("point_accounts"."kind" <> 'volunteer' and "point_accounts"."volunteer_id" is null and "point_accounts"."node_id" is not null)),
	CONSTRAINT "point_accounts_balance_check" CHECK ("point_accounts"."kind" <> 'volunteer' or "point_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "point_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"posting_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"amount" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_entries_amount_check" CHECK ("point_entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "point_postings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_postings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"volunteer_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"points" integer NOT NULL,
	"hour_entry_id" integer,
	"service_date" date,
	"uncapped" integer,
	"redemption_id" integer,
	"reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_postings_kind_check" CHECK ("point_postings"."kind" in ('service','redemption','refund','expiry','adjustment')),
	CONSTRAINT "point_postings_service_check" CHECK (("point_postings"."kind" = 'service') = ("point_postings"."hour_entry_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "point_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"per_hour" integer NOT NULL,
	"per_activity" integer NOT NULL,
	"daily_cap" integer,
	"monthly_cap" integer,
	"expiry_months" integer DEFAULT 24 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_rules_values_check" CHECK ("point_rules"."per_hour" >= 0 and "point_rules"."per_activity" >= 0 and ("point_rules"."daily_cap" is null or "point_rules"."daily_cap" >= 0) and ("point_rules"."monthly_cap" is null or "point_rules"."monthly_cap" >= 0) and "point_rules"."expiry_months" >= 1)
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"goods_id" integer NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"counted" integer,
	"expected" integer,
	"redemption_id" integer,
	"reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_movements_kind_check" CHECK ("stock_movements"."kind" in ('receipt','redemption','cancellation','stocktake')),
	CONSTRAINT "stock_movements_quantity_check" CHECK ("stock_movements"."quantity" <> 0 or "stock_movements"."kind" = 'stocktake')
);
--> statement-breakpoint
CREATE TABLE "store_goods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "store_goods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"node_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"price_points" integer NOT NULL,
	"monthly_limit" integer,
	"on_shelf" boolean DEFAULT true NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "store_goods_price_check" CHECK ("store_goods"."price_points" >= 1),
	CONSTRAINT "store_goods_limit_check" CHECK ("store_goods"."monthly_limit" is null or "store_goods"."monthly_limit" >= 1),
	CONSTRAINT "store_goods_stock_check" CHECK ("store_goods"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "store_redemptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "store_redemptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"goods_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"points" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"pickup_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"handed_over_at" timestamp with time zone,
	"handed_over_by" integer,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" integer,
	"cancel_reason" text,
	CONSTRAINT "store_redemptions_status_check" CHECK ("store_redemptions"."status" in ('open','handed_over','cancelled')),
	CONSTRAINT "store_redemptions_quantity_check" CHECK ("store_redemptions"."quantity" >= 1 and "store_redemptions"."points" >= 1)
);
--> statement-breakpoint
ALTER TABLE "point_accounts" ADD CONSTRAINT "point_accounts_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_accounts" ADD CONSTRAINT "point_accounts_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_posting_id_point_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."point_postings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_account_id_point_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."point_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_postings" ADD CONSTRAINT "point_postings_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_postings" ADD CONSTRAINT "point_postings_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_postings" ADD CONSTRAINT "point_postings_hour_entry_id_hour_entries_id_fk" FOREIGN KEY ("hour_entry_id") REFERENCES "public"."hour_entries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_postings" ADD CONSTRAINT "point_postings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_rules" ADD CONSTRAINT "point_rules_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_rules" ADD CONSTRAINT "point_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_goods_id_store_goods_id_fk" FOREIGN KEY ("goods_id") REFERENCES "public"."store_goods"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_goods" ADD CONSTRAINT "store_goods_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_goods" ADD CONSTRAINT "store_goods_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_goods_id_store_goods_id_fk" FOREIGN KEY ("goods_id") REFERENCES "public"."store_goods"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_node_id_org_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."org_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_handed_over_by_users_id_fk" FOREIGN KEY ("handed_over_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "point_accounts_volunteer_key" ON "point_accounts" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "point_accounts_node_kind_key" ON "point_accounts" USING btree ("node_id","kind") WHERE "point_accounts"."volunteer_id" is null;--> statement-breakpoint
CREATE INDEX "point_entries_account_idx" ON "point_entries" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "point_entries_posting_idx" ON "point_entries" USING btree ("posting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "point_postings_hour_entry_key" ON "point_postings" USING btree ("hour_entry_id");--> statement-breakpoint
CREATE INDEX "point_postings_volunteer_idx" ON "point_postings" USING btree ("volunteer_id","created_at");--> statement-breakpoint
CREATE INDEX "point_postings_volunteer_date_idx" ON "point_postings" USING btree ("volunteer_id","service_date") WHERE "point_postings"."kind" = 'service';--> statement-breakpoint
CREATE INDEX "point_postings_redemption_idx" ON "point_postings" USING btree ("redemption_id");--> statement-breakpoint
CREATE UNIQUE INDEX "point_rules_node_key" ON "point_rules" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "stock_movements_goods_idx" ON "stock_movements" USING btree ("goods_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "store_goods_node_name_key" ON "store_goods" USING btree ("node_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "store_redemptions_open_code_key" ON "store_redemptions" USING btree ("pickup_code") WHERE "store_redemptions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "store_redemptions_node_idx" ON "store_redemptions" USING btree ("node_id","status","created_at");--> statement-breakpoint
CREATE INDEX "store_redemptions_volunteer_idx" ON "store_redemptions" USING btree ("volunteer_id","created_at");