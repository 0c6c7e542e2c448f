CREATE TABLE `message_mention` (
	`message_id` integer NOT NULL,
	`conversation_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`message_id`, `user_id`),
	FOREIGN KEY (`message_id`) REFERENCES `message`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `message_mention_user_idx` ON `message_mention` (`user_id`,`conversation_id`,`message_id`);--> statement-breakpoint
ALTER TABLE `conversation_member` ADD `mention_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A member's mention count follows the rows of message_mention as unread_count follows messages
-- (migration 0005): in the statement, and so the transaction, that changes them. What counts is a
-- mention of them by someone else, in a message not deleted, after their read position.
CREATE TRIGGER `mention_count_insert` AFTER INSERT ON `message_mention`
BEGIN
	UPDATE `conversation_member` SET `mention_count` = `mention_count` + 1
	WHERE `conversation_id` = new.`conversation_id` AND `user_id` = new.`user_id` AND `last_read_message_id` < new.`message_id`
		AND EXISTS (SELECT 1 FROM `message` m WHERE m.`id` = new.`message_id` AND m.`deleted_at` IS NULL AND m.`sender_id` IS NOT new.`user_id`);
END;
--> statement-breakpoint
-- An edit that takes a mention out.
CREATE TRIGGER `mention_count_delete` AFTER DELETE ON `message_mention`
BEGIN
	UPDATE `conversation_member` SET `mention_count` = `mention_count` - 1
	WHERE `conversation_id` = old.`conversation_id` AND `user_id` = old.`user_id` AND `last_read_message_id` < old.`message_id`
		AND `mention_count` > 0
		AND EXISTS (SELECT 1 FROM `message` m WHERE m.`id` = old.`message_id` AND m.`deleted_at` IS NULL AND m.`sender_id` IS NOT old.`user_id`);
END;
--> statement-breakpoint
-- A deleted message mentions no one any more.
CREATE TRIGGER `mention_count_message_delete` AFTER UPDATE OF `deleted_at` ON `message`
WHEN old.`deleted_at` IS NULL AND new.`deleted_at` IS NOT NULL
BEGIN
	UPDATE `conversation_member` SET `mention_count` = `mention_count` - 1
	WHERE `conversation_id` = new.`conversation_id` AND `last_read_message_id` < new.`id` AND `mention_count` > 0
		AND `user_id` IS NOT new.`sender_id`
		AND `user_id` IN (SELECT `user_id` FROM `message_mention` WHERE `message_id` = new.`id`);
END;
--> statement-breakpoint
-- Reading on counts what is left after the new position (a range of message_mention_user_idx);
-- with nothing counted there is nothing to take off, since the position only moves forward.
CREATE TRIGGER `mention_count_read` AFTER UPDATE OF `last_read_message_id` ON `conversation_member`
WHEN new.`mention_count` > 0
BEGIN
	UPDATE `conversation_member` SET `mention_count` = (SELECT count(*) FROM `message_mention` mm JOIN `message` u ON u.`id` = mm.`message_id`
		WHERE mm.`user_id` = new.`user_id` AND mm.`conversation_id` = new.`conversation_id` AND mm.`message_id` > new.`last_read_message_id`
			AND u.`deleted_at` IS NULL AND u.`sender_id` IS NOT new.`user_id`)
	WHERE `conversation_id` = new.`conversation_id` AND `user_id` = new.`user_id`;
END;
--> statement-breakpoint
-- Someone who comes back to a chat finds the mentions after their read position, as they find its unread.
CREATE TRIGGER `mention_count_join` AFTER INSERT ON `conversation_member`
BEGIN
	UPDATE `conversation_member` SET `mention_count` = (SELECT count(*) FROM `message_mention` mm JOIN `message` u ON u.`id` = mm.`message_id`
		WHERE mm.`user_id` = new.`user_id` AND mm.`conversation_id` = new.`conversation_id` AND mm.`message_id` > new.`last_read_message_id`
			AND u.`deleted_at` IS NULL AND u.`sender_id` IS NOT new.`user_id`)
	WHERE `conversation_id` = new.`conversation_id` AND `user_id` = new.`user_id`;
END;
