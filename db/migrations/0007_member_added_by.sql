-- drizzle-kit writes this ALTER without the ON DELETE of the schema; SQLite takes it here, and
-- without it deleting an account that once added someone to a group would fail on the reference.
ALTER TABLE `conversation_member` ADD `added_by` text REFERENCES user(id) ON DELETE SET NULL;
