CREATE TABLE `user_unread` (
	`user_id` text PRIMARY KEY NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
-- The per-person total replaces the index that let the total be summed: each keeps one entry up
-- to date per change of a member's unread count, but the counter is read in one step.
DROP INDEX `conversation_member_unread_idx`;--> statement-breakpoint
INSERT INTO `user_unread` (`user_id`, `total`)
	SELECT `user_id`, sum(`unread_count`) FROM `conversation_member` WHERE `unread_count` > 0 GROUP BY `user_id`;
--> statement-breakpoint
-- Every change of a member's unread count (a message, a delete, a read, a join: the triggers of
-- migration 0005) moves the person's total by as much, in the same statement and transaction.
CREATE TRIGGER `user_unread_change` AFTER UPDATE OF `unread_count` ON `conversation_member`
WHEN new.`unread_count` <> old.`unread_count`
BEGIN
	INSERT INTO `user_unread` (`user_id`, `total`) VALUES (new.`user_id`, new.`unread_count` - old.`unread_count`)
	ON CONFLICT (`user_id`) DO UPDATE SET `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
CREATE TRIGGER `user_unread_insert` AFTER INSERT ON `conversation_member`
WHEN new.`unread_count` <> 0
BEGIN
	INSERT INTO `user_unread` (`user_id`, `total`) VALUES (new.`user_id`, new.`unread_count`)
	ON CONFLICT (`user_id`) DO UPDATE SET `total` = `total` + excluded.`total`;
END;
--> statement-breakpoint
-- Leaving a group, or the conversation going away, takes its unread with it.
CREATE TRIGGER `user_unread_leave` AFTER DELETE ON `conversation_member`
WHEN old.`unread_count` <> 0
BEGIN
	UPDATE `user_unread` SET `total` = `total` - old.`unread_count` WHERE `user_id` = old.`user_id`;
END;
