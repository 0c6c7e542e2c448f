-- Search reads a mention as people read it. A body stores a mention as `@[user id]` (migration 0016),
-- which shows as "@Ben Lee": the indexed text is the body with each of its mentions (its
-- message_mention rows; a token naming no member stays text) as "@" and the person's display name
-- (first and last name, else username; "Deleted user" once the account is gone), so a search finds
-- the message by that name and snippet() shows and marks it. A column of its own holds the
-- mentioned people's usernames, which the message box shows as people write a mention.
--
-- The names live in `user` and change with a rename, so the index is kept at write time, not
-- resolved at query time: a rename re-indexes the messages that mention that person (a range of
-- message_mention_user_idx), a rare write, and a search stays one MATCH. A body without "@[" is
-- indexed as it is stored, at no extra cost.
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
	SELECT m.id,
		CASE WHEN instr(m.body, '@[') = 0 THEN m.body ELSE (
			-- One replace per mentioned person, in a fixed order, so the same rows give the same text.
			WITH RECURSIVE named(n, body) AS (
				SELECT 0, m.body
				UNION ALL
				SELECT named.n + 1, replace(named.body, '@[' || p.user_id || ']', '@' || p.name)
				FROM named JOIN (
					SELECT mm.user_id, row_number() OVER (ORDER BY mm.user_id) AS k,
						coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username, 'Deleted user') AS name
					FROM message_mention mm LEFT JOIN user u ON u.id = mm.user_id WHERE mm.message_id = m.id
				) p ON p.k = named.n + 1
			)
			SELECT body FROM named ORDER BY n DESC LIMIT 1
		) END AS body,
		replace(m.conversation_id, '-', '') AS scope,
		(SELECT group_concat(u.username, ' ' ORDER BY mm.user_id)
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
-- A deleted account's mentions read "@Deleted user".
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
