CREATE TYPE "public"."anomaly_status" AS ENUM('dismissed', 'expected');--> statement-breakpoint
CREATE TYPE "public"."budget_metric" AS ENUM('EffectiveCost', 'BilledCost');--> statement-breakpoint
CREATE TYPE "public"."budget_period" AS ENUM('monthly', 'quarterly', 'yearly');--> statement-breakpoint
CREATE TABLE "anomaly_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"status" "anomaly_status" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amount" numeric(38, 10) NOT NULL,
	"currency" text NOT NULL,
	"period" "budget_period" DEFAULT 'monthly' NOT NULL,
	"metric" "budget_metric" DEFAULT 'EffectiveCost' NOT NULL,
	"thresholds" jsonb DEFAULT '[80,100]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"page" text NOT NULL,
	"query" text NOT NULL,
	"owner_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "anomaly_feedback" ADD CONSTRAINT "anomaly_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "anomaly_feedback_key_idx" ON "anomaly_feedback" USING btree ("dimension","value","day","currency");--> statement-breakpoint
CREATE INDEX "saved_views_page_idx" ON "saved_views" USING btree ("page");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_owner_page_name_idx" ON "saved_views" USING btree ("owner_id","page","name");