CREATE TABLE "backup_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"schedule_enabled" boolean DEFAULT false NOT NULL,
	"hour_utc" integer DEFAULT 2 NOT NULL,
	"retention_days" integer DEFAULT 14 NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
