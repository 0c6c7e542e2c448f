"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  addMembers,
  createGroup,
  joinPublicRoom,
  leaveGroup,
  leavePublicRoom,
  removeMember,
  renameGroup,
  setAdmin,
} from "@/lib/dal/groups";
import { requireUser } from "@/lib/dal/session";
import { AppError } from "@/lib/errors";
import { formError, isForm, NOT_A_FORM, formValue as field, formValues, type FormState } from "@/lib/form-state";
const text = (value: FormDataEntryValue) => (typeof value === "string" ? value : "");

export async function createGroupAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  let id: string;
  try {
    id = await createGroup(await requireUser(), { name: field(formData, "name"), memberIds: formValues(formData, "memberIds").map(String) });
  } catch (error) {
    return formError(error, { name: text(field(formData, "name")) });
  }
  redirect(`/c/${id}`);
}

/** One shape for every change made from the group's info page. */
async function groupChange(conversationId: FormDataEntryValue, change: () => Promise<void>, message: string): Promise<FormState> {
  try {
    await change();
  } catch (error) {
    return formError(error);
  }
  revalidatePath(`/c/${text(conversationId)}/info`);
  return { ok: true, message };
}

export async function renameGroupAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const conversationId = field(formData, "conversationId");
  return groupChange(conversationId, async () => renameGroup(await requireUser(), { conversationId, name: field(formData, "name") }), "Renamed.");
}

export async function addMembersAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const conversationId = field(formData, "conversationId");
  const userIds = formValues(formData, "userIds").map(String);
  return groupChange(conversationId, async () => addMembers(await requireUser(), { conversationId, userIds }), "Added.");
}

export async function memberAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const conversationId = field(formData, "conversationId");
  const userId = field(formData, "userId");
  const intent = field(formData, "intent");
  return groupChange(
    conversationId,
    async () => {
      const actor = await requireUser();
      if (intent === "remove") await removeMember(actor, { conversationId, userId });
      else if (intent === "make-admin" || intent === "remove-admin") await setAdmin(actor, { conversationId, userId, admin: intent === "make-admin" });
      // Anything else was once read as "remove admin".
      else throw new AppError("bad_request:input", { message: "Choose remove, make admin or remove admin." });
    },
    "Done.",
  );
}

export async function leaveGroupAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  try {
    await leaveGroup(await requireUser(), field(formData, "conversationId"), { blockAdder: field(formData, "block") === "adder" });
  } catch (error) {
    return formError(error);
  }
  redirect("/");
}

export async function joinRoomAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  let id: string;
  try {
    id = await joinPublicRoom(await requireUser(), field(formData, "conversationId"));
  } catch (error) {
    return formError(error);
  }
  redirect(`/c/${id}`);
}

export async function leaveRoomAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  try {
    await leavePublicRoom(await requireUser(), field(formData, "conversationId"));
  } catch (error) {
    return formError(error);
  }
  revalidatePath("/rooms");
  return { ok: true, message: "You left the room." };
}
