"use client";

import { lazyPart, PartLoading } from "@/components/ui/lazy-part";

/** The forward dialog (forward-dialog.tsx), loaded when the chat page is idle or when first opened. */
export const LazyForwardDialog = lazyPart(
  () => import("./forward-dialog").then((m) => m.ForwardDialog),
  function ForwardDialogLoading({ failed, onClose }) {
    if (!failed) return <PartLoading failed={false} className="px-4 text-sm text-zinc-500" />;
    return (
      <p role="alert" className="px-4 text-sm text-red-600 dark:text-red-400">
        Could not open the forward dialog. Check the connection and try again.{" "}
        <button type="button" onClick={onClose} className="underline">
          Close
        </button>
      </p>
    );
  },
);
