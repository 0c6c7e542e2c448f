ALTER TABLE `message` ADD `forwarded` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- drizzle-kit writes this ALTER without the ON DELETE of the schema; SQLite takes it here, and
-- without it deleting an account whose message was once forwarded would fail on the reference.
ALTER TABLE `message` ADD `forwarded_from_id` text REFERENCES user(id) ON DELETE SET NULL;
