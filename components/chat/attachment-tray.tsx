"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, cancelAttachmentUpload } from "@/lib/client/api-client";
import { newClientId } from "@/lib/client/client-id";
import type { AttachmentDTO } from "@/lib/dto";
import type { FileLimits } from "@/lib/env";
import { formatBytes } from "@/lib/format-bytes";
import { lazyPart, PartLoading } from "@/components/ui/lazy-part";

export type TrayItem = {
  key: string;
  file: File;
  status: "uploading" | "ready" | "failed";
  /** 0 to 1 while uploading. */
  progress: number;
  error?: string;
  attachment?: AttachmentDTO;
};

/**
 * The files of the message being written. Each uploads as soon as it is chosen, for the message's
 * clientId (kept until it is sent, so a retried upload or a resent message binds each file once);
 * the limits are checked here first, so a refusal comes before the upload, not after it.
 */
export function useAttachmentTray(conversationId: string, limits: FileLimits) {
  const [items, setItems] = useState<TrayItem[]>([]);
  const [notice, setNotice] = useState("");
  const clientId = useRef(newClientId());
  const aborts = useRef(new Map<string, AbortController>());
  const created = useRef(new Map<string, string>());

  const patch = useCallback((key: string, change: Partial<TrayItem>) => {
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));
  }, []);

  const start = useCallback(
    (key: string, file: File) => {
      const controller = new AbortController();
      aborts.current.set(key, controller);
      patch(key, { status: "uploading", progress: 0, error: undefined });
      // The upload's code comes with the first file: most visits send none.
      import("./upload-file")
        .then(({ uploadFile }) =>
          uploadFile(
            conversationId,
            clientId.current,
            file,
            (progress) => patch(key, { progress }),
            controller.signal,
            (id) => created.current.set(key, id),
          ),
        )
        .then((attachment) => patch(key, { status: "ready", progress: 1, attachment }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const id = created.current.get(key);
          // A failed try leaves nothing behind: the retry starts a new upload.
          if (id) cancelAttachmentUpload(id);
          created.current.delete(key);
          patch(key, { status: "failed", error: error instanceof ApiError ? error.message : "The upload failed." });
        })
        .finally(() => aborts.current.delete(key));
    },
    [conversationId, patch],
  );

  const add = useCallback(
    (files: File[]) => {
      if (files.length === 0) return;
      const refusals: string[] = [];
      const accepted: TrayItem[] = [];
      let room = limits.perMessage - items.length;
      for (const file of files) {
        if (file.size > limits.maxBytes) refusals.push(`“${file.name}” is larger than ${formatBytes(limits.maxBytes)}, the most a file can be.`);
        else if (file.size === 0) refusals.push(`“${file.name}” is empty.`);
        else if (room <= 0) refusals.push(`A message can carry at most ${limits.perMessage} files.`);
        else {
          room--;
          accepted.push({ key: newClientId(), file, status: "uploading", progress: 0 });
        }
      }
      setNotice([...new Set(refusals)].join(" "));
      if (accepted.length === 0) return;
      setItems((all) => [...all, ...accepted]);
      for (const item of accepted) start(item.key, item.file);
    },
    [items.length, limits, start],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    const id = created.current.get(key);
    if (id) cancelAttachmentUpload(id);
    created.current.delete(key);
    setItems((all) => all.filter((i) => i.key !== key));
    setNotice("");
  }, []);

  const retry = useCallback(
    (key: string) => {
      const item = items.find((i) => i.key === key);
      if (item) start(key, item.file);
    },
    [items, start],
  );

  /** The message went to the send queue with these files: the next one gets a new clientId. */
  const sent = useCallback(() => {
    clientId.current = newClientId();
    created.current.clear();
    setItems([]);
    setNotice("");
  }, []);

  useEffect(() => {
    const pending = aborts.current;
    return () => pending.forEach((c) => c.abort());
  }, []);

  return {
    items,
    notice,
    /** The clientId the files were uploaded for, which the message must be sent with. */
    clientId: useCallback(() => clientId.current, []),
    add,
    remove,
    retry,
    sent,
    ready: items.filter((i) => i.attachment).map((i) => i.attachment!),
    busy: items.some((i) => i.status === "uploading"),
    failed: items.some((i) => i.status === "failed"),
  };
}

export type Tray = ReturnType<typeof useAttachmentTray>;

/** The tray's list, loaded when the chat page is idle or when the first file is added. */
export const TrayList = lazyPart(
  () => import("./attachment-tray-list").then((m) => m.AttachmentTrayList),
  function TrayLoading({ failed }) {
    return <PartLoading failed={failed} className="mb-2 text-sm text-zinc-500" />;
  },
);

export function AttachmentTray({ tray }: { tray: Tray }) {
  if (tray.items.length === 0 && !tray.notice) return null;
  return <TrayList tray={tray} />;
}
