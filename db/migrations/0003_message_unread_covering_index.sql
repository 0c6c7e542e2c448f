DROP INDEX `message_conversation_id_idx`;--> statement-breakpoint
CREATE INDEX `message_conversation_id_idx` ON `message` (`conversation_id`,`id`,`sender_id`,`deleted_at`);