-- Search scoped inside the index: each indexed message also carries its conversation as one token
-- (the id without hyphens, which the tokenizer would split on), so a search names the searcher's
-- conversations in its MATCH and FTS5 reads only their entries, instead of every match in the
-- database to throw most away. Prefix indexes of 1 to 3 characters answer short prefixes ("a*")
-- from one entry instead of merging every term that starts with them.
-- External content is a view: the text still lives once, in `message`, and snippet() reads it there.
DROP TRIGGER IF EXISTS `message_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `message_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `message_fts_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `message_fts`;
--> statement-breakpoint
CREATE VIEW `message_search` AS
	SELECT id, body, replace(conversation_id, '-', '') AS scope FROM message WHERE kind = 'text' AND deleted_at IS NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `message_fts` USING fts5(
	body,
	scope,
	content='message_search',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `message_fts_insert` AFTER INSERT ON `message`
WHEN new.kind = 'text' AND new.deleted_at IS NULL
BEGIN
	INSERT INTO message_fts(rowid, body, scope) VALUES (new.id, new.body, replace(new.conversation_id, '-', ''));
END;
--> statement-breakpoint
-- One trigger, two statements in order: the old text leaves the index before the new text enters
-- (FTS5 external content needs the exact old values to remove them).
CREATE TRIGGER `message_fts_update` AFTER UPDATE OF body, deleted_at ON `message`
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope)
		SELECT 'delete', old.id, old.body, replace(old.conversation_id, '-', '') WHERE old.kind = 'text' AND old.deleted_at IS NULL;
	INSERT INTO message_fts(rowid, body, scope)
		SELECT new.id, new.body, replace(new.conversation_id, '-', '') WHERE new.kind = 'text' AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_delete` AFTER DELETE ON `message`
WHEN old.kind = 'text' AND old.deleted_at IS NULL
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope) VALUES ('delete', old.id, old.body, replace(old.conversation_id, '-', ''));
END;
--> statement-breakpoint
INSERT INTO message_fts(message_fts) VALUES ('rebuild');
