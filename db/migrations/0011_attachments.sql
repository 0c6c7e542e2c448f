CREATE TABLE `attachment` (
	`id` text PRIMARY KEY NOT NULL,
	`uploader_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`client_id` text NOT NULL,
	`message_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`type` text DEFAULT '' NOT NULL,
	`kind` text DEFAULT 'file' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`width` integer,
	`height` integer,
	`storage_key` text NOT NULL,
	`thumb_key` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`uploader_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `message`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attachment_message_idx` ON `attachment` (`message_id`,`position`);--> statement-breakpoint
CREATE INDEX `attachment_uploader_client_idx` ON `attachment` (`uploader_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `attachment_orphan_idx` ON `attachment` (`created_at`) WHERE "attachment"."message_id" IS NULL;--> statement-breakpoint
ALTER TABLE `message` ADD `attachment_label` text;