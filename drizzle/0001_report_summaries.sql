CREATE TABLE "assignment_stats" (
	"assignment_id" uuid PRIMARY KEY NOT NULL,
	"deployment_id" uuid NOT NULL,
	"context_id" uuid NOT NULL,
	"lesson_id" text NOT NULL,
	"age_band" text NOT NULL,
	"started" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	"percent_sum" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_stats" (
	"assignment_id" uuid NOT NULL,
	"day" date NOT NULL,
	"deployment_id" uuid NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_stats_assignment_id_day_pk" PRIMARY KEY("assignment_id","day")
);
--> statement-breakpoint
CREATE TABLE "learner_progress" (
	"assignment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"context_id" uuid NOT NULL,
	"status" text NOT NULL,
	"percent" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"passed_at" timestamp with time zone,
	CONSTRAINT "learner_progress_assignment_id_user_id_pk" PRIMARY KEY("assignment_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "assignment_stats" ADD CONSTRAINT "assignment_stats_assignment_id_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_stats" ADD CONSTRAINT "assignment_stats_deployment_id_deployment_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_stats" ADD CONSTRAINT "assignment_stats_context_id_context_id_fk" FOREIGN KEY ("context_id") REFERENCES "public"."context"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_stats" ADD CONSTRAINT "daily_stats_assignment_id_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_stats" ADD CONSTRAINT "daily_stats_deployment_id_deployment_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_progress" ADD CONSTRAINT "learner_progress_assignment_id_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_progress" ADD CONSTRAINT "learner_progress_user_id_lti_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."lti_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_progress" ADD CONSTRAINT "learner_progress_deployment_id_deployment_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_progress" ADD CONSTRAINT "learner_progress_context_id_context_id_fk" FOREIGN KEY ("context_id") REFERENCES "public"."context"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_stats_deployment" ON "assignment_stats" USING btree ("deployment_id","context_id");--> statement-breakpoint
CREATE INDEX "daily_stats_deployment_day" ON "daily_stats" USING btree ("deployment_id","day");--> statement-breakpoint
CREATE INDEX "learner_progress_deployment" ON "learner_progress" USING btree ("deployment_id");