-- Full-text search over live text messages. External content: the text lives once, in `message`;
-- the triggers keep the index in step on insert, edit, delete and account removal.
CREATE VIRTUAL TABLE `message_fts` USING fts5(
	body,
	content='message',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `message_fts_insert` AFTER INSERT ON `message`
WHEN new.kind = 'text' AND new.deleted_at IS NULL
BEGIN
	INSERT INTO message_fts(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
-- One trigger, two statements in order: the old text leaves the index before the new text enters.
-- (Two triggers would fire in an order SQLite does not promise, and FTS5 external content needs
-- the exact old text to remove it.)
CREATE TRIGGER `message_fts_update` AFTER UPDATE OF body, deleted_at ON `message`
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body)
		SELECT 'delete', old.id, old.body WHERE old.kind = 'text' AND old.deleted_at IS NULL;
	INSERT INTO message_fts(rowid, body)
		SELECT new.id, new.body WHERE new.kind = 'text' AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_delete` AFTER DELETE ON `message`
WHEN old.kind = 'text' AND old.deleted_at IS NULL
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
--> statement-breakpoint
-- The common room every user can join. More public rooms are more rows of kind 'public'.
INSERT INTO `conversation` (`id`, `kind`, `name`) VALUES ('00000000-0000-4000-8000-000000000001', 'public', 'General');
