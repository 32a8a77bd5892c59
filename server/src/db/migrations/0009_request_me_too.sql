CREATE TABLE "request_me_too" (
	"request_id" bigint NOT NULL,
	"user_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_me_too_request_id_user_id_pk" PRIMARY KEY("request_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "me_too_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "request_me_too" ADD CONSTRAINT "request_me_too_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_me_too" ADD CONSTRAINT "request_me_too_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_me_too_user_idx" ON "request_me_too" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_me_too_count_check" CHECK ("requests"."me_too_count" >= 0);