CREATE TABLE "mcp_servers" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"bearer_token" text,
	"oauth_client" text,
	"oauth_tokens" text,
	"oauth_verifier" text,
	"oauth_state" text,
	"status" text DEFAULT 'unknown' NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mcp_servers_owner_name" UNIQUE("owner_id","name")
);
--> statement-breakpoint
CREATE TABLE "mcp_tool_grants" (
	"owner_id" text NOT NULL,
	"server_key" text NOT NULL,
	"tool_name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mcp_tool_grants_owner_id_server_key_tool_name_pk" PRIMARY KEY("owner_id","server_key","tool_name")
);
--> statement-breakpoint
CREATE TABLE "tool_approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"tool_call_id" text NOT NULL,
	"server_key" text NOT NULL,
	"tool_name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "tool_approvals" ADD CONSTRAINT "tool_approvals_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mcp_servers_oauth_state_idx" ON "mcp_servers" USING btree ("oauth_state");--> statement-breakpoint
CREATE INDEX "tool_approvals_owner_conversation_idx" ON "tool_approvals" USING btree ("owner_id","conversation_id");