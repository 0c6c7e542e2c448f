CREATE TABLE `webhook_receipt` (
	`digest` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `conversation` ADD `channel_epoch` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `online_since` integer;