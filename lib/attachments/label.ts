/** What the chat list, its live preview and search show for a message's files. */
export function attachmentLabel(files: { name: string; kind: "image" | "file" }[]): string | null {
  if (files.length === 0) return null;
  if (files.every((f) => f.kind === "image")) return files.length === 1 ? "📷 Photo" : `📷 ${files.length} photos`;
  return files.length === 1 ? `📎 ${files[0]!.name}` : `📎 ${files.length} files`;
}

/** The label and the caption together, as one line of preview. */
export function withAttachmentLabel(label: string | null, body: string | null): string | null {
  if (!label) return body;
  return body && body.trim() ? `${label} ${body}` : label;
}
