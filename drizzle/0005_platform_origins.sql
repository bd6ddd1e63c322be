CREATE TABLE "platform_origin" (
	"platform_id" uuid NOT NULL,
	"origin" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_origin_platform_id_origin_pk" PRIMARY KEY("platform_id","origin")
);
--> statement-breakpoint
ALTER TABLE "platform_origin" ADD CONSTRAINT "platform_origin_platform_id_platform_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platform"("id") ON DELETE cascade ON UPDATE no action;