CREATE TABLE "scorm_package" (
	"id" uuid NOT NULL,
	"deployment_id" uuid,
	"package_key" text NOT NULL,
	"title" text NOT NULL,
	"version" integer NOT NULL,
	"scorm_version" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"files_dir" text NOT NULL,
	"zip_bytes" bigint NOT NULL,
	"unpacked_bytes" bigint NOT NULL,
	"file_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorm_package_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
CREATE TABLE "scorm_sco_state" (
	"attempt_id" uuid NOT NULL,
	"sco_id" text NOT NULL,
	"cmi" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scorm_package" ADD CONSTRAINT "scorm_package_deployment_id_deployment_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_sco_state" ADD CONSTRAINT "scorm_sco_state_attempt_id_attempt_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempt"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scorm_package_key_version" ON "scorm_package" USING btree ("package_key","version");--> statement-breakpoint
CREATE INDEX "scorm_package_deployment" ON "scorm_package" USING btree ("deployment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scorm_sco_state_attempt_sco" ON "scorm_sco_state" USING btree ("attempt_id","sco_id");