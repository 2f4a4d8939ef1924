ALTER TABLE "messages" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "chosen_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_parent_id_messages_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_parent_idx" ON "messages" USING btree ("parent_id");--> statement-breakpoint
-- Added by hand: the conversations saved before branches are each one line, every message following the one saved before it.
UPDATE "messages" AS m SET "parent_id" = (
  SELECT p."id" FROM "messages" AS p
  WHERE p."conversation_id" = m."conversation_id" AND p."position" < m."position"
  ORDER BY p."position" DESC LIMIT 1
);
