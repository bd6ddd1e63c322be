ALTER TABLE "attempt" ALTER COLUMN "points" SET DATA TYPE double precision;--> statement-breakpoint
ALTER TABLE "attempt" ALTER COLUMN "max_points" SET DATA TYPE double precision;