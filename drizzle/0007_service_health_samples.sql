CREATE TABLE "service_health_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service" text NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "service_health_samples_service_at_idx" ON "service_health_samples" USING btree ("service","at");--> statement-breakpoint
CREATE INDEX "service_health_samples_at_idx" ON "service_health_samples" USING btree ("at");