CREATE TABLE `pinned_message` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`pinned_by` text,
	`pinned_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `message`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`pinned_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `pinned_message_conversation_idx` ON `pinned_message` (`conversation_id`,`pinned_at`);--> statement-breakpoint
ALTER TABLE `conversation_member` ADD `muted_until` integer;--> statement-breakpoint
CREATE INDEX `conversation_member_muted_idx` ON `conversation_member` (`user_id`,`muted_until`) WHERE "conversation_member"."muted_until" IS NOT NULL;