CREATE TABLE "access_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "daily_spend" (
	"owner_id" text NOT NULL,
	"day" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"web_searches" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_spend_owner_id_day_model_pk" PRIMARY KEY("owner_id","day","model")
);
--> statement-breakpoint
CREATE INDEX "access_sessions_expires_idx" ON "access_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "daily_spend_day_idx" ON "daily_spend" USING btree ("day");--> statement-breakpoint
CREATE INDEX "attachments_unsent_created_idx" ON "attachments" USING btree ("created_at") WHERE "attachments"."sent_at" is null;