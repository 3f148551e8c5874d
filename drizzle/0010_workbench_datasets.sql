CREATE TABLE "workbench_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"sql" text NOT NULL,
	"columns" jsonb NOT NULL,
	"owner_id" uuid NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workbench_datasets" ADD CONSTRAINT "workbench_datasets_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workbench_datasets_owner_name_idx" ON "workbench_datasets" USING btree ("owner_id","name");--> statement-breakpoint
CREATE INDEX "workbench_datasets_shared_idx" ON "workbench_datasets" USING btree ("shared");