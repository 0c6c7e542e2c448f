"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { addMembers, createGroup, joinPublicRoom, leaveGroup, leavePublicRoom, removeMember, renameGroup, setAdmin } from "@/lib/dal/groups";
import { AppError } from "@/lib/errors";
import { formText, formValue as field, formValues, isForm } from "@/lib/form-data";
import { runAction, runActionThenOpen } from "@/lib/run-action";

export async function createGroupAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return runActionThenOpen((actor) => createGroup(actor, { name: field(formData, "name"), memberIds: formValues(formData, "memberIds").map(String) }), {
    values: { name: formText(formData, "name") ?? "" },
  });
}

/** Every change made from the group's info page shows on that page. */
function infoPageChanged(conversationId: FormDataEntryValue): void {
  revalidatePath(`/c/${typeof conversationId === "string" ? conversationId : ""}/info`);
}

export async function renameGroupAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const conversationId = field(formData, "conversationId");
  return runAction(async (actor) => {
    await renameGroup(actor, { conversationId, name: field(formData, "name") });
    infoPageChanged(conversationId);
    return { message: "Renamed." };
  });
}

export async function addMembersAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const conversationId = field(formData, "conversationId");
  const userIds = formValues(formData, "userIds").map(String);
  return runAction(async (actor) => {
    await addMembers(actor, { conversationId, userIds });
    infoPageChanged(conversationId);
    return { message: "Added." };
  });
}

export async function changeMemberAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const conversationId = field(formData, "conversationId");
  const userId = field(formData, "userId");
  const intent = field(formData, "intent");
  return runAction(async (actor) => {
    if (intent === "remove") await removeMember(actor, { conversationId, userId });
    else if (intent === "make-admin" || intent === "remove-admin") await setAdmin(actor, { conversationId, userId, admin: intent === "make-admin" });
    // Anything else was once read as "remove admin".
    else throw new AppError("bad_request:input", { message: "Choose remove, make admin or remove admin." });
    infoPageChanged(conversationId);
    return { message: "Done." };
  });
}

export async function leaveGroupAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const result = await runAction(async (actor) => {
    await leaveGroup(actor, field(formData, "conversationId"), { blockAdder: field(formData, "block") === "adder" });
    return {};
  });
  if (!result.ok) return result;
  redirect("/");
}

export async function joinRoomAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return runActionThenOpen((actor) => joinPublicRoom(actor, field(formData, "conversationId")));
}

export async function leaveRoomAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return runAction(async (actor) => {
    await leavePublicRoom(actor, field(formData, "conversationId"));
    revalidatePath("/rooms");
    return { message: "You left the room." };
  });
}
