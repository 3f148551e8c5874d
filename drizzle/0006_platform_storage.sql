CREATE TABLE "platform_storage_settings" (
	"id" text PRIMARY KEY DEFAULT 'platform' NOT NULL,
	"endpoint" text,
	"region" text DEFAULT 'us-east-1' NOT NULL,
	"bucket" text NOT NULL,
	"prefix" text DEFAULT 'abi' NOT NULL,
	"force_path_style" boolean DEFAULT true NOT NULL,
	"verify_tls" boolean DEFAULT true NOT NULL,
	"access_key_id" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw_archives" (
	"run_id" text PRIMARY KEY NOT NULL,
	"source_id" uuid NOT NULL,
	"month" text NOT NULL,
	"months" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"prefix" text NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_sources" ADD COLUMN "raw_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "platform_storage_settings" ADD CONSTRAINT "platform_storage_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "raw_archives_source_idx" ON "raw_archives" USING btree ("source_id","archived_at");