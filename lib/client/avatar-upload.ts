import { MAX_AVATAR_BYTES } from "@/lib/avatar/limits";
import type { ActionResult } from "@/lib/action-result";

const refused = (message: string): ActionResult => ({ ok: false, message, fieldErrors: { avatar: [message] } });

/**
 * Sends the chosen file itself to an avatar endpoint (server actions cap bodies at 1 MB; pictures
 * may be 5), and reads the answer as a form result.
 */
export async function uploadAvatarFile(formData: FormData, endpoint: string): Promise<ActionResult> {
  const file = formData.get("avatar");
  if (!(file instanceof File) || file.size === 0) return refused("Choose an image file first.");
  if (file.size > MAX_AVATAR_BYTES) return refused("Images can be at most 5 MB.");
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": file.type || "application/octet-stream" },
      body: file,
    });
  } catch {
    return refused("Could not reach the server. Try again.");
  }
  if (response.ok) return { ok: true, message: "Picture uploaded." };
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return refused(body?.error?.message ?? "The upload failed. Try again.");
}
