-- People search by any part of a username, first or last name, ignoring case and accents beyond
-- ASCII (FTS5's own Unicode folding: "emil" finds "Émilie", "ZOË" finds "zoe"). One row per user,
-- kept in step by the triggers. Keyed by the user's id, not by `user`'s implicit rowid, which a
-- VACUUM may renumber. Trigram queries need three characters; shorter words match by prefix
-- (lib/dal/users.ts).
CREATE VIRTUAL TABLE `people_fts` USING fts5(
	user_id UNINDEXED,
	name,
	tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
INSERT INTO `people_fts` (user_id, name) SELECT id, username || ' ' || first_name || ' ' || last_name FROM `user`;
--> statement-breakpoint
CREATE TRIGGER `people_fts_insert` AFTER INSERT ON `user`
BEGIN
	INSERT INTO people_fts (user_id, name) VALUES (new.id, new.username || ' ' || new.first_name || ' ' || new.last_name);
END;
--> statement-breakpoint
CREATE TRIGGER `people_fts_update` AFTER UPDATE OF username, first_name, last_name ON `user`
BEGIN
	UPDATE people_fts SET name = new.username || ' ' || new.first_name || ' ' || new.last_name WHERE user_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `people_fts_delete` AFTER DELETE ON `user`
BEGIN
	DELETE FROM people_fts WHERE user_id = old.id;
END;
