// `npm run admin -- <username>`: makes an existing account a server admin (issue 19). Plain
// JavaScript on @libsql/client alone, so that it runs as it is in the Docker image too, where
// `npm run build` put it beside server.js: `docker exec <container> node admin.mjs <username>`.
// Uses DATABASE_URL (and DATABASE_AUTH_TOKEN) as the server does; the change is in the audit log.
import { createClient } from "@libsql/client";

const username = process.argv[2]?.trim().toLowerCase();
if (!username || process.argv.length > 3) {
  console.error("Usage: npm run admin -- <username>   (in the Docker image: node admin.mjs <username>)");
  process.exit(2);
}
const url = process.env.DATABASE_URL || "file:data/messenger.db";
const client = createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN || undefined });
try {
  const found = await client.execute({ sql: "SELECT id, role, deactivated_at FROM user WHERE username = ?", args: [username] });
  const row = found.rows[0];
  if (!row) {
    console.error(`There is no account named ${username}.`);
    process.exit(1);
  }
  if (row.role === "admin") {
    console.log(`${username} is already an admin.`);
  } else {
    await client.batch(
      [
        { sql: "UPDATE user SET role = 'admin' WHERE id = ?", args: [row.id] },
        {
          sql: "INSERT INTO audit_log (actor_id, actor_username, action, target, detail) VALUES (NULL, '(command line)', 'made admin', ?, '')",
          args: [username],
        },
      ],
      "write",
    );
    console.log(`${username} is now an admin${row.deactivated_at ? " (the account is deactivated: reactivate it on /admin)" : ""}.`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
} finally {
  client.close();
}
