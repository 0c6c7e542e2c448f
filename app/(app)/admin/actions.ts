"use server";

import { revalidatePath } from "next/cache";
import {
  createInvite,
  resolveReport,
  revokeInvite,
  setDeactivated,
  setServerAdmin,
  setSignUpPolicy,
} from "@/lib/dal/admin";
import { createRoom, renameRoom, setRoomArchived, setRoomModerator } from "@/lib/dal/rooms";
import { requireUser } from "@/lib/dal/session";
import { formError, isForm, NOT_A_FORM, formValue as field, type FormState } from "@/lib/form-state";

/** Every action here is checked as an admin's in lib/dal/admin.ts; this file only reads forms. */
async function run(formData: unknown, change: (formData: FormData) => Promise<string>): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  let message: string;
  try {
    message = await change(formData);
  } catch (error) {
    return formError(error);
  }
  revalidatePath("/admin");
  return { ok: true, message };
}

export async function setSignUpPolicyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    const policy = await setSignUpPolicy(await requireUser(), { mode: field(f, "mode"), membersMayInvite: f.get("membersMayInvite") === "on" });
    return `Sign-up is now ${policy.mode}.`;
  });
}

export async function createInviteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    await createInvite(await requireUser(), { expiresInHours: field(f, "expiresInHours"), maxUses: field(f, "maxUses") });
    revalidatePath("/settings");
    return "Invitation made: copy its link below.";
  });
}

export async function revokeInviteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    await revokeInvite(await requireUser(), field(f, "inviteId"));
    revalidatePath("/settings");
    return "Invitation revoked.";
  });
}

export async function setServerAdminAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    const admin = field(f, "admin");
    await setServerAdmin(await requireUser(), { userId: field(f, "userId"), admin });
    return admin === "true" ? "Made admin." : "No longer an admin.";
  });
}

export async function setDeactivatedAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    const deactivated = field(f, "deactivated");
    await setDeactivated(await requireUser(), { userId: field(f, "userId"), deactivated });
    return deactivated === "true" ? "Deactivated: signed out everywhere." : "Reactivated.";
  });
}

export async function resolveReportAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    const resolution = field(f, "resolution");
    await resolveReport(await requireUser(), { reportId: field(f, "reportId"), resolution });
    return resolution === "dismissed" ? "Report dismissed." : resolution === "deleted" ? "Message deleted." : "Message deleted and its author deactivated.";
  });
}

export async function createRoomAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    await createRoom(await requireUser(), { name: field(f, "name") });
    revalidatePath("/rooms");
    return "Room created: members find it in Rooms.";
  });
}

export async function renameRoomAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    await renameRoom(await requireUser(), { conversationId: field(f, "conversationId"), name: field(f, "name") });
    revalidatePath("/rooms");
    return "Renamed.";
  });
}

export async function setRoomArchivedAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    const archived = field(f, "archived");
    await setRoomArchived(await requireUser(), { conversationId: field(f, "conversationId"), archived });
    revalidatePath("/rooms");
    return archived === "true" ? "Archived: the room is read-only." : "Unarchived.";
  });
}

export async function setRoomModeratorAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return run(formData, async (f) => {
    const moderator = field(f, "moderator");
    await setRoomModerator(await requireUser(), { conversationId: field(f, "conversationId"), username: field(f, "username"), moderator });
    return moderator === "true" ? "Made moderator." : "No longer a moderator.";
  });
}
