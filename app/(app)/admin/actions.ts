"use server";

import { revalidatePath } from "next/cache";
import { createInvite, resolveReport, revokeInvite, setDeactivated, setServerAdmin, setSignUpPolicy } from "@/lib/dal/admin";
import { createRoom, renameRoom, setRoomArchived, setRoomModerator } from "@/lib/dal/rooms";
import type { Actor } from "@/lib/dal/users";
import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { formValue as field, isForm } from "@/lib/form-data";
import { runAction } from "@/lib/run-action";

/** Every action here is checked as an admin's in lib/dal/admin.ts; this file only reads forms. */
async function adminChange(formData: unknown, change: (actor: Actor, formData: FormData) => Promise<string>): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return runAction(async (actor) => {
    const message = await change(actor, formData);
    revalidatePath("/admin");
    return { message };
  });
}

export async function setSignUpPolicyAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    const policy = await setSignUpPolicy(actor, { mode: field(f, "mode"), membersMayInvite: f.get("membersMayInvite") === "on" });
    return `Sign-up is now ${policy.mode}.`;
  });
}

export async function createInviteAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    await createInvite(actor, { expiresInHours: field(f, "expiresInHours"), maxUses: field(f, "maxUses") });
    revalidatePath("/settings");
    return "Invitation made: copy its link below.";
  });
}

export async function revokeInviteAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    await revokeInvite(actor, field(f, "inviteId"));
    revalidatePath("/settings");
    return "Invitation revoked.";
  });
}

export async function setServerAdminAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    const admin = field(f, "admin");
    await setServerAdmin(actor, { userId: field(f, "userId"), admin });
    return admin === "true" ? "Made admin." : "No longer an admin.";
  });
}

export async function setDeactivatedAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    const deactivated = field(f, "deactivated");
    await setDeactivated(actor, { userId: field(f, "userId"), deactivated });
    return deactivated === "true" ? "Deactivated: signed out everywhere." : "Reactivated.";
  });
}

export async function resolveReportAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    const resolution = field(f, "resolution");
    await resolveReport(actor, { reportId: field(f, "reportId"), resolution });
    return resolution === "dismissed" ? "Report dismissed." : resolution === "deleted" ? "Message deleted." : "Message deleted and its author deactivated.";
  });
}

export async function createRoomAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    await createRoom(actor, { name: field(f, "name") });
    revalidatePath("/rooms");
    return "Room created: members find it in Rooms.";
  });
}

export async function renameRoomAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    await renameRoom(actor, { conversationId: field(f, "conversationId"), name: field(f, "name") });
    revalidatePath("/rooms");
    return "Renamed.";
  });
}

export async function setRoomArchivedAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    const archived = field(f, "archived");
    await setRoomArchived(actor, { conversationId: field(f, "conversationId"), archived });
    revalidatePath("/rooms");
    return archived === "true" ? "Archived: the room is read-only." : "Unarchived.";
  });
}

export async function setRoomModeratorAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminChange(formData, async (actor, f) => {
    const moderator = field(f, "moderator");
    await setRoomModerator(actor, { conversationId: field(f, "conversationId"), username: field(f, "username"), moderator });
    return moderator === "true" ? "Made moderator." : "No longer a moderator.";
  });
}
