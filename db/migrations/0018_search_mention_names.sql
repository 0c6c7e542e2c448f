-- Search finds a message by the people it mentions, as they are named now. A body stores a mention
-- as `@[user id]` (migration 0016), which reads "@Ben Lee" on screen: each indexed message also
-- carries, in a column of its own, the first name, last name and username of each person it
-- mentions (its message_mention rows, so a token naming no member stays text). A search matches
-- the body or those names, and snippet() still shows the body.
--
-- The names live in `user` and change with a rename, so the index is kept at write time, not
-- resolved at query time: a rename re-indexes the messages that mention that person (a range of
-- message_mention_user_idx), a rare write, and a search stays one MATCH.
--
-- FTS5 external content needs the exact indexed values to remove an entry. Every trigger reads them
-- from the view, which says what is indexed: a BEFORE trigger takes the entry out while the old
-- values are still there, the AFTER trigger of the same change puts it back from the new ones.
DROP TRIGGER IF EXISTS `message_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `message_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `message_fts_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `message_fts`;
--> statement-breakpoint
DROP VIEW IF EXISTS `message_search`;
--> statement-breakpoint
CREATE VIEW `message_search` AS
	SELECT m.id, m.body, replace(m.conversation_id, '-', '') AS scope,
		(SELECT group_concat(u.first_name || ' ' || u.last_name || ' ' || u.username, ' ' ORDER BY mm.user_id)
			FROM message_mention mm JOIN user u ON u.id = mm.user_id WHERE mm.message_id = m.id) AS mentioned
	FROM message m WHERE m.kind = 'text' AND m.deleted_at IS NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `message_fts` USING fts5(
	body,
	scope,
	mentioned,
	content='message_search',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `message_fts_insert` AFTER INSERT ON `message`
WHEN new.kind = 'text' AND new.deleted_at IS NULL
BEGIN
	INSERT INTO message_fts(rowid, body, scope, mentioned)
		SELECT id, body, scope, mentioned FROM message_search WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_update_out` BEFORE UPDATE OF body, deleted_at ON `message`
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope, mentioned)
		SELECT 'delete', id, body, scope, mentioned FROM message_search WHERE id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_update_in` AFTER UPDATE OF body, deleted_at ON `message`
BEGIN
	INSERT INTO message_fts(rowid, body, scope, mentioned)
		SELECT id, body, scope, mentioned FROM message_search WHERE id = new.id;
END;
--> statement-breakpoint
-- Before: the message's mentions cascade with it, and the entry needs their names to leave.
CREATE TRIGGER `message_fts_delete` BEFORE DELETE ON `message`
WHEN old.kind = 'text' AND old.deleted_at IS NULL
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope, mentioned)
		SELECT 'delete', id, body, scope, mentioned FROM message_search WHERE id = old.id;
END;
--> statement-breakpoint
-- A send stores its mentions in the statement after the message's; an edit adds or takes some out.
-- The edit's INSERT OR IGNORE skips a mention the message has already, and with it these triggers.
CREATE TRIGGER `message_fts_mention_insert_out` BEFORE INSERT ON `message_mention`
WHEN NOT EXISTS (SELECT 1 FROM message_mention WHERE message_id = new.message_id AND user_id = new.user_id)
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope, mentioned)
		SELECT 'delete', id, body, scope, mentioned FROM message_search WHERE id = new.message_id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_mention_insert_in` AFTER INSERT ON `message_mention`
BEGIN
	INSERT INTO message_fts(rowid, body, scope, mentioned)
		SELECT id, body, scope, mentioned FROM message_search WHERE id = new.message_id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_mention_delete_out` BEFORE DELETE ON `message_mention`
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope, mentioned)
		SELECT 'delete', id, body, scope, mentioned FROM message_search WHERE id = old.message_id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_mention_delete_in` AFTER DELETE ON `message_mention`
BEGIN
	INSERT INTO message_fts(rowid, body, scope, mentioned)
		SELECT id, body, scope, mentioned FROM message_search WHERE id = old.message_id;
END;
--> statement-breakpoint
-- A rename: only a change of a name re-indexes (presence and other profile writes leave it alone).
CREATE TRIGGER `message_fts_rename_out` BEFORE UPDATE OF username, first_name, last_name ON `user`
WHEN old.username IS NOT new.username OR old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope, mentioned)
		SELECT 'delete', s.id, s.body, s.scope, s.mentioned FROM message_mention mm JOIN message_search s ON s.id = mm.message_id
		WHERE mm.user_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_rename_in` AFTER UPDATE OF username, first_name, last_name ON `user`
WHEN old.username IS NOT new.username OR old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name
BEGIN
	INSERT INTO message_fts(rowid, body, scope, mentioned)
		SELECT s.id, s.body, s.scope, s.mentioned FROM message_mention mm JOIN message_search s ON s.id = mm.message_id
		WHERE mm.user_id = new.id;
END;
--> statement-breakpoint
-- A deleted account's mentions read "@Deleted user" and no longer carry its names.
CREATE TRIGGER `message_fts_account_delete_out` BEFORE DELETE ON `user`
BEGIN
	INSERT INTO message_fts(message_fts, rowid, body, scope, mentioned)
		SELECT 'delete', s.id, s.body, s.scope, s.mentioned FROM message_mention mm JOIN message_search s ON s.id = mm.message_id
		WHERE mm.user_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_account_delete_in` AFTER DELETE ON `user`
BEGIN
	INSERT INTO message_fts(rowid, body, scope, mentioned)
		SELECT s.id, s.body, s.scope, s.mentioned FROM message_mention mm JOIN message_search s ON s.id = mm.message_id
		WHERE mm.user_id = old.id;
END;
--> statement-breakpoint
INSERT INTO message_fts(message_fts) VALUES ('rebuild');
