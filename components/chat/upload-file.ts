import { ApiError, completeAttachmentUpload, createAttachmentUpload, type UploadTarget } from "@/lib/client/api-client";
import type { AttachmentDTO } from "@/lib/dto";

/**
 * One file's upload for the message `clientId`: ask the server (which refuses before a byte when
 * the file cannot be sent), PUT the bytes straight to where it signed (the bucket, or the app's own
 * store), then let it sniff and process them. XMLHttpRequest, not fetch, for upload progress.
 */
export async function uploadFile(
  conversationId: string,
  clientId: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
  onCreated: (attachmentId: string) => void,
): Promise<AttachmentDTO> {
  const { attachment, upload } = await createAttachmentUpload(conversationId, { clientId, name: file.name || "file", size: file.size });
  onCreated(attachment.id);
  await put(upload, file, onProgress, signal);
  return completeAttachmentUpload(attachment.id);
}

function put(target: UploadTarget, file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, "unknown", xhr.status === 413 ? "This file is too large." : "The upload failed."));
    xhr.onerror = () => reject(new ApiError(0, "network", "The upload was interrupted."));
    xhr.onabort = () => reject(new DOMException("Cancelled", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
