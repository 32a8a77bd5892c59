ALTER TABLE "users" ADD COLUMN "name_initials" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "users_display_name_trgm" ON "users" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_name_pinyin_trgm" ON "users" USING gin ("name_pinyin" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_name_initials_idx" ON "users" USING btree ("name_initials");