import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, invite, message, report, serverSetting, user } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { mentionText } from "@/lib/mentions";
import { userChannel } from "@/lib/realtime/channels";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/server";
import {
  accountQuerySchema,
  inviteInputSchema,
  inviteTokenSchema,
  reportSchema,
  resolveReportSchema,
  setAdminSchema,
  setDeactivatedSchema,
  signUpPolicySchema,
  type SignUpMode,
} from "@/lib/validations/admin";
import { parseInput } from "@/lib/validations/parse";
import { bumpSessionVersion } from "./account";
import { audit } from "./audit";
import { announceProfile } from "./avatars";
import { requireMembership } from "./conversations";
import { mentionsFor } from "./internal/mentions";
import { removeMessage } from "./messages";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";
import { containing, likeAny } from "./like";

/**
 * Running the server (issue 19): its admins, who may sign up, invitations, reports and the audit
 * log. Every admin action is checked here, against the database, whatever page or action calls it.
 */

export const ACCOUNTS_PAGE_SIZE = 25;
export const AUDIT_PAGE_SIZE = 50;

export type SignUpPolicy = { mode: SignUpMode; membersMayInvite: boolean };

/** The actor, if the database says they are a server admin now (not deactivated); else a 403. */
export async function requireServerAdmin(actor: Actor): Promise<Actor> {
  if (!(await isServerAdmin(actor.id))) throw new AppError("forbidden:server_admin");
  return actor;
}

export async function isServerAdmin(userId: string): Promise<boolean> {
  const db = await getDb();
  const found = await db.query.user.findFirst({ where: eq(user.id, userId), columns: { role: true, deactivatedAt: true } });
  return found?.role === "admin" && found.deactivatedAt === null;
}

/** An admin action: the admin check, then its rate limit. */
export async function adminAction(actor: Actor): Promise<void> {
  await requireServerAdmin(actor);
  await takeRateLimits([{ name: "adminActionsUser", subject: actor.id }]);
}

/** Tells every admin's open /admin page that something it shows changed. */
export async function tellAdmins(what: RealtimeEvents["admin.changed"]["what"]): Promise<void> {
  const db = await getDb();
  const admins = await db
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.role, "admin"), isNull(user.deactivatedAt)));
  await publish(
    admins.map((a) => userChannel(a.id)),
    "admin.changed",
    { what },
  );
}

// ---- Sign-up policy ----

export async function getSignUpPolicy(): Promise<SignUpPolicy> {
  const db = await getDb();
  const rows = await db.select().from(serverSetting);
  const value = new Map(rows.map((r) => [r.key, r.value]));
  const mode = value.get("sign_up_mode");
  return {
    // Open by default: a fresh server lets its first person (its admin) in.
    mode: mode === "invite-only" || mode === "closed" ? mode : "open",
    membersMayInvite: value.get("members_may_invite") === "true",
  };
}

export async function setSignUpPolicy(actor: Actor, input: unknown): Promise<SignUpPolicy> {
  await adminAction(actor);
  const policy = parseInput(signUpPolicySchema, input);
  const db = await getDb();
  for (const [key, value] of [
    ["sign_up_mode", policy.mode],
    ["members_may_invite", String(policy.membersMayInvite)],
  ] as const) {
    await db.insert(serverSetting).values({ key, value }).onConflictDoUpdate({ target: serverSetting.key, set: { value } });
  }
  await audit(actor, "sign-up policy", "", `mode ${policy.mode}, members may invite: ${policy.membersMayInvite ? "yes" : "no"}`);
  await tellAdmins("settings");
  return policy;
}

// ---- Invitations ----

export type InviteDTO = {
  id: string;
  createdBy: string | null;
  maxUses: number;
  uses: number;
  expiresAt: number;
  revokedAt: number | null;
  createdAt: number;
};

/** Admins always; members when the admins allow it. */
async function requireMayInvite(actor: Actor): Promise<boolean> {
  if (await isServerAdmin(actor.id)) return true;
  if (!(await getSignUpPolicy()).membersMayInvite) {
    throw new AppError("forbidden:server_admin", { message: "Only the server's admins can make invitations." });
  }
  return false;
}

export async function createInvite(actor: Actor, input: unknown): Promise<InviteDTO> {
  const admin = await requireMayInvite(actor);
  const { expiresInHours, maxUses } = parseInput(inviteInputSchema, input);
  await takeRateLimits([{ name: "invitesUser", subject: actor.id }]);
  const db = await getDb();
  const [row] = await db
    .insert(invite)
    .values({ id: randomBytes(24).toString("base64url"), createdBy: actor.id, maxUses, expiresAt: new Date(Date.now() + expiresInHours * 3_600_000) })
    .returning();
  if (admin) await audit(actor, "invite created", row!.id.slice(0, 6), `${maxUses} use(s), ${expiresInHours} h`);
  await tellAdmins("invites");
  return toInviteDTO(row!);
}

/** Admins see every invitation; a member their own. */
export async function listInvites(
  actor: Actor,
): Promise<(InviteDTO & { createdByUsername: string | null; state: "active" | "revoked" | "expired" | "used up" })[]> {
  const admin = await isServerAdmin(actor.id);
  const db = await getDb();
  const rows = await db
    .select({ invite, createdByUsername: user.username })
    .from(invite)
    .leftJoin(user, eq(user.id, invite.createdBy))
    .where(admin ? undefined : eq(invite.createdBy, actor.id))
    .orderBy(desc(invite.createdAt))
    .limit(100);
  const now = Date.now();
  return rows.map((r) => ({
    ...toInviteDTO(r.invite),
    createdByUsername: r.createdByUsername,
    state: r.invite.revokedAt ? "revoked" : r.invite.expiresAt.getTime() <= now ? "expired" : r.invite.uses >= r.invite.maxUses ? "used up" : "active",
  }));
}

/** An admin revokes any invitation, a member their own. */
export async function revokeInvite(actor: Actor, inviteId: unknown): Promise<void> {
  const id = parseInput(inviteTokenSchema, inviteId);
  const admin = await isServerAdmin(actor.id);
  const db = await getDb();
  const revoked = await db
    .update(invite)
    .set({ revokedAt: new Date() })
    .where(and(eq(invite.id, id), isNull(invite.revokedAt), admin ? undefined : eq(invite.createdBy, actor.id)))
    .returning({ id: invite.id });
  if (revoked.length === 0) throw new AppError("forbidden:invite", { message: "There is no such invitation of yours to revoke." });
  if (admin) await audit(actor, "invite revoked", id.slice(0, 6));
  await tellAdmins("invites");
}

function toInviteDTO(row: typeof invite.$inferSelect): InviteDTO {
  return {
    id: row.id,
    createdBy: row.createdBy,
    maxUses: row.maxUses,
    uses: row.uses,
    expiresAt: row.expiresAt.getTime(),
    revokedAt: row.revokedAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
  };
}

/** Why an invitation admits no one, in words for the person holding the link; null when it works. */
export async function inviteProblem(token: unknown): Promise<string | null> {
  const parsed = inviteTokenSchema.safeParse(token);
  if (!parsed.success) return "This invitation link is not valid.";
  const db = await getDb();
  const found = await db.query.invite.findFirst({ where: eq(invite.id, parsed.data) });
  if (!found) return "This invitation link is not valid.";
  if (found.revokedAt) return "This invitation was revoked. Ask for a new one.";
  if (found.expiresAt.getTime() <= Date.now()) return "This invitation has expired. Ask for a new one.";
  if (found.uses >= found.maxUses) return "This invitation has been used up. Ask for a new one.";
  return null;
}

/**
 * Whether a sign-up may go ahead under the server's policy; with an invitation, takes one of its
 * uses in the same statement that checks it (two people cannot take its last use together).
 * Returns a way to give the use back if the account then cannot be made (a taken username).
 */
export async function admitSignUp(inviteToken: unknown): Promise<{ giveBack: () => Promise<void> }> {
  const { mode } = await getSignUpPolicy();
  const none = { giveBack: async () => {} };
  const hasToken = typeof inviteToken === "string" && inviteToken !== "";
  if (mode === "closed") throw new AppError("forbidden:sign_up");
  if (mode === "open" && !hasToken) return none;
  if (!hasToken) throw new AppError("forbidden:sign_up", { message: "Sign-up on this server is by invitation only." });
  const problem = await inviteProblem(inviteToken);
  if (problem) {
    if (mode === "open") return none;
    throw new AppError("forbidden:invite", { message: problem });
  }
  const db = await getDb();
  const id = inviteToken as string;
  const taken = await db
    .update(invite)
    .set({ uses: sql`${invite.uses} + 1` })
    .where(and(eq(invite.id, id), isNull(invite.revokedAt), sql`${invite.expiresAt} > ${Date.now()}`, sql`${invite.uses} < ${invite.maxUses}`))
    .returning({ id: invite.id });
  if (taken.length === 0) {
    if (mode === "open") return none;
    throw new AppError("forbidden:invite", { message: (await inviteProblem(id)) ?? "This invitation has been used up. Ask for a new one." });
  }
  return {
    giveBack: async () => {
      await db
        .update(invite)
        .set({ uses: sql`max(0, ${invite.uses} - 1)` })
        .where(eq(invite.id, id));
    },
  };
}

// ---- Accounts ----

export type AdminAccountRow = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  role: "member" | "admin";
  deactivated: boolean;
  joinedAt: number;
  lastSeenAt: number | null;
  messagesSent: number;
};

export async function listAccounts(actor: Actor, input: unknown = {}): Promise<{ accounts: AdminAccountRow[]; page: number; hasMore: boolean }> {
  await requireServerAdmin(actor);
  const { q, page } = parseInput(accountQuerySchema, input);
  const db = await getDb();
  const rows = await db
    .select({
      id: user.id,
      username: user.username,
      firstName: user.firstName,
      lastName: user.lastName,
      role: user.role,
      deactivatedAt: user.deactivatedAt,
      createdAt: user.createdAt,
      lastSeenAt: user.lastSeenAt,
      messagesSent: sql<number>`(SELECT count(*) FROM message m WHERE m.sender_id = ${user.id} AND m.kind = 'text')`,
    })
    .from(user)
    .where(q ? likeAny([user.username, user.firstName, user.lastName], containing(q)) : undefined)
    .orderBy(asc(user.username))
    .limit(ACCOUNTS_PAGE_SIZE + 1)
    .offset((page - 1) * ACCOUNTS_PAGE_SIZE);
  return {
    page,
    hasMore: rows.length > ACCOUNTS_PAGE_SIZE,
    accounts: rows.slice(0, ACCOUNTS_PAGE_SIZE).map((r) => ({
      id: r.id,
      username: r.username,
      firstName: r.firstName,
      lastName: r.lastName,
      role: r.role,
      deactivated: r.deactivatedAt !== null,
      joinedAt: r.createdAt.getTime(),
      lastSeenAt: r.lastSeenAt?.getTime() ?? null,
      messagesSent: Number(r.messagesSent),
    })),
  };
}

/** Makes someone a server admin, or not; the last admin cannot step down. */
export async function setServerAdmin(actor: Actor, input: unknown): Promise<void> {
  await adminAction(actor);
  const { userId, admin } = parseInput(setAdminSchema, input);
  const db = await getDb();
  const role = admin ? "admin" : "member";
  // One statement: the count and the change cannot be split by another admin stepping down.
  const changed = await db
    .update(user)
    .set({ role })
    .where(
      and(
        eq(user.id, userId),
        admin ? isNull(user.deactivatedAt) : sql`(SELECT count(*) FROM user a WHERE a.role = 'admin' AND a.deactivated_at IS NULL AND a.id <> ${userId}) > 0`,
      ),
    )
    .returning({ username: user.username });
  if (changed.length === 0) {
    const exists = await db.query.user.findFirst({ where: eq(user.id, userId), columns: { id: true, deactivatedAt: true } });
    if (!exists) throw new AppError("not_found:user");
    if (admin) throw new AppError("conflict:last_admin", { message: "Reactivate this account first." });
    throw new AppError("conflict:last_admin");
  }
  await audit(actor, admin ? "made admin" : "removed admin", changed[0]!.username);
  await tellAdmins("accounts");
}

/**
 * Deactivates an account (signed out everywhere at once: sessions and realtime connections; refused
 * at sign-in; shown as deactivated; messages stay), or reactivates it. An admin cannot deactivate
 * themselves, so the server always keeps one who can undo it.
 */
export async function setDeactivated(actor: Actor, input: unknown): Promise<void> {
  await adminAction(actor);
  const { userId, deactivated } = parseInput(setDeactivatedSchema, input);
  if (userId === actor.id) throw new AppError("bad_request:self", { message: "You cannot deactivate your own account." });
  await applyDeactivation(actor, userId, deactivated);
}

async function applyDeactivation(actor: Actor, userId: string, deactivated: boolean): Promise<void> {
  const db = await getDb();
  const changed = await db
    .update(user)
    .set({ deactivatedAt: deactivated ? new Date() : null })
    .where(eq(user.id, userId))
    .returning({ username: user.username });
  if (changed.length === 0) throw new AppError("not_found:user");
  // Every session of theirs ends now: tokens are refused at their next request, sockets are closed.
  if (deactivated) await bumpSessionVersion({ id: userId });
  await audit(actor, deactivated ? "deactivated" : "reactivated", changed[0]!.username);
  await Promise.all([announceProfile(userId), tellAdmins("accounts")]);
}

// ---- Reports ----

/** Any member reports a message they can see, once, with a reason. */
export async function reportMessage(actor: Actor, input: unknown): Promise<void> {
  const { messageId, reason } = parseInput(reportSchema, input);
  const db = await getDb();
  const found = await db.query.message.findFirst({
    where: eq(message.id, messageId),
    columns: { conversationId: true, senderId: true, kind: true, deletedAt: true },
  });
  if (!found || found.kind !== "text" || found.deletedAt) throw new AppError("not_found:message");
  await requireMembership(actor, found.conversationId);
  if (found.senderId === actor.id) throw new AppError("bad_request:self", { message: "You cannot report your own message." });
  await takeRateLimits([{ name: "reportsUser", subject: actor.id }]);
  await db.insert(report).values({ messageId, reporterId: actor.id, reason }).onConflictDoNothing();
  await tellAdmins("reports");
}

export type ReportDTO = {
  id: number;
  reason: string;
  createdAt: number;
  reporter: string | null;
  message: { id: number; conversationId: string; body: string; senderId: string | null; sender: string | null; deleted: boolean };
};

export async function listOpenReports(actor: Actor): Promise<ReportDTO[]> {
  await requireServerAdmin(actor);
  const db = await getDb();
  const rows = await db.all<{
    id: number;
    reason: string;
    created_at: number;
    reporter: string | null;
    message_id: number;
    conversation_id: string;
    body: string;
    sender_id: string | null;
    sender: string | null;
    deleted_at: number | null;
  }>(sql`
    SELECT r.id, r.reason, r.created_at, rep.username AS reporter, m.id AS message_id, m.conversation_id, m.body,
      m.sender_id, s.username AS sender, m.deleted_at
    FROM report r JOIN message m ON m.id = r.message_id
      LEFT JOIN user rep ON rep.id = r.reporter_id LEFT JOIN user s ON s.id = m.sender_id
    WHERE r.resolved_at IS NULL ORDER BY r.id LIMIT 100`);
  // The admin reads a mention as "@Name", as the members saw it.
  const mentions = await mentionsFor(rows.map((r) => r.message_id));
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    createdAt: Number(r.created_at),
    reporter: r.reporter,
    message: {
      id: r.message_id,
      conversationId: r.conversation_id,
      body: r.deleted_at ? "" : mentionText(r.body, mentions.get(r.message_id)),
      senderId: r.sender_id,
      sender: r.sender,
      deleted: r.deleted_at !== null,
    },
  }));
}

/**
 * An admin acts on a report: deletes the message (gone live for everyone who shows it), deactivates
 * its author (and deletes the message), or dismisses it. Every open report of that message closes.
 */
export async function resolveReport(actor: Actor, input: unknown): Promise<void> {
  await adminAction(actor);
  const { reportId, resolution } = parseInput(resolveReportSchema, input);
  const db = await getDb();
  const found = await db
    .select({ messageId: report.messageId, senderId: message.senderId, deletedAt: message.deletedAt, sender: user.username })
    .from(report)
    .innerJoin(message, eq(message.id, report.messageId))
    .leftJoin(user, eq(user.id, message.senderId))
    .where(and(eq(report.id, reportId), isNull(report.resolvedAt)))
    .get();
  if (!found) throw new AppError("not_found:report");
  if (resolution !== "dismissed" && !found.deletedAt) {
    await removeMessage(found.messageId);
    await audit(actor, "deleted message", `#${found.messageId}`, `by ${found.sender ?? "a deleted account"}, report #${reportId}`);
  }
  if (resolution === "deactivated" && found.senderId) {
    if (found.senderId === actor.id) throw new AppError("bad_request:self", { message: "You cannot deactivate your own account." });
    await applyDeactivation(actor, found.senderId, true);
  }
  if (resolution === "dismissed") await audit(actor, "dismissed report", `#${reportId}`);
  await db
    .update(report)
    .set({ resolvedAt: new Date(), resolvedBy: actor.id, resolution })
    .where(and(eq(report.messageId, found.messageId), isNull(report.resolvedAt)));
  await tellAdmins("reports");
}

// ---- Audit log ----

export type AuditEntry = { id: number; actor: string; action: string; target: string; detail: string; at: number };

export async function listAuditLog(actor: Actor, beforeId?: number): Promise<AuditEntry[]> {
  await requireServerAdmin(actor);
  const db = await getDb();
  const rows = await db
    .select()
    .from(auditLog)
    .where(beforeId ? sql`${auditLog.id} < ${beforeId}` : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE);
  return rows.map((r) => ({ id: r.id, actor: r.actorUsername, action: r.action, target: r.target, detail: r.detail, at: r.createdAt.getTime() }));
}
