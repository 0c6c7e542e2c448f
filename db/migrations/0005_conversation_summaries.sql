DROP INDEX `conversation_member_user_idx`;--> statement-breakpoint
ALTER TABLE `conversation_member` ADD `activity_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversation_member` ADD `unread_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `conversation_member_user_activity_idx` ON `conversation_member` (`user_id`,`activity_at`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `conversation_member_unread_idx` ON `conversation_member` (`user_id`,`unread_count`) WHERE `unread_count` > 0;--> statement-breakpoint
ALTER TABLE `conversation` ADD `last_message_id` integer;--> statement-breakpoint
-- Fill the summaries for what exists; from here on the triggers below keep them.
UPDATE `conversation` SET `last_message_id` = (SELECT max(`id`) FROM `message` WHERE `conversation_id` = `conversation`.`id`);
--> statement-breakpoint
UPDATE `conversation_member` SET
	`activity_at` = (SELECT CAST(coalesce(m.`created_at`, c.`created_at`) AS INTEGER)
		FROM `conversation` c LEFT JOIN `message` m ON m.`id` = c.`last_message_id`
		WHERE c.`id` = `conversation_member`.`conversation_id`),
	`unread_count` = (SELECT count(*) FROM `message` u
		WHERE u.`conversation_id` = `conversation_member`.`conversation_id` AND u.`id` > `conversation_member`.`last_read_message_id`
			AND u.`deleted_at` IS NULL AND u.`sender_id` IS NOT `conversation_member`.`user_id`);
--> statement-breakpoint
-- A new message is every member's newest activity, and unread for all but its sender. This runs
-- inside the statement that inserts the message, so the group commit's one transaction holds both.
CREATE TRIGGER `conversation_summary_message_insert` AFTER INSERT ON `message`
BEGIN
	UPDATE `conversation` SET `last_message_id` = new.`id` WHERE `id` = new.`conversation_id`;
	UPDATE `conversation_member` SET
		`activity_at` = CAST(new.`created_at` AS INTEGER),
		`unread_count` = `unread_count` + (`user_id` IS NOT new.`sender_id` AND `last_read_message_id` < new.`id`)
	WHERE `conversation_id` = new.`conversation_id`;
END;
--> statement-breakpoint
-- A deleted message is no longer unread for whoever had not read it yet.
CREATE TRIGGER `conversation_summary_message_delete` AFTER UPDATE OF `deleted_at` ON `message`
WHEN old.`deleted_at` IS NULL AND new.`deleted_at` IS NOT NULL
BEGIN
	UPDATE `conversation_member` SET `unread_count` = `unread_count` - 1
	WHERE `conversation_id` = new.`conversation_id` AND `last_read_message_id` < new.`id`
		AND `user_id` IS NOT new.`sender_id` AND `unread_count` > 0;
END;
--> statement-breakpoint
-- A moved read position counts what is left after it: a range of the message index that ends at
-- the newest message, so reading to the end costs one step.
CREATE TRIGGER `conversation_summary_read` AFTER UPDATE OF `last_read_message_id` ON `conversation_member`
BEGIN
	UPDATE `conversation_member` SET `unread_count` = (SELECT count(*) FROM `message` u
		WHERE u.`conversation_id` = new.`conversation_id` AND u.`id` > new.`last_read_message_id`
			AND u.`deleted_at` IS NULL AND u.`sender_id` IS NOT new.`user_id`)
	WHERE `conversation_id` = new.`conversation_id` AND `user_id` = new.`user_id`;
END;
--> statement-breakpoint
-- A new member starts with the conversation's activity and everything after their read position.
CREATE TRIGGER `conversation_summary_join` AFTER INSERT ON `conversation_member`
BEGIN
	UPDATE `conversation_member` SET
		`activity_at` = (SELECT CAST(coalesce(m.`created_at`, c.`created_at`) AS INTEGER)
			FROM `conversation` c LEFT JOIN `message` m ON m.`id` = c.`last_message_id`
			WHERE c.`id` = new.`conversation_id`),
		`unread_count` = (SELECT count(*) FROM `message` u
			WHERE u.`conversation_id` = new.`conversation_id` AND u.`id` > new.`last_read_message_id`
				AND u.`deleted_at` IS NULL AND u.`sender_id` IS NOT new.`user_id`)
	WHERE `conversation_id` = new.`conversation_id` AND `user_id` = new.`user_id`;
END;
