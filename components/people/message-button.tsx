"use client";

import { useActionState } from "react";
import { startDirectConversationAction } from "@/app/(app)/actions";
import { initialActionState } from "@/lib/action-result";

export function MessageButton({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(startDirectConversationAction, initialActionState);
  return (
    <form action={action} className="flex flex-col items-center">
      <input type="hidden" name="userId" value={userId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        Message
      </button>
      <p role="alert" className="max-w-60 text-center text-xs text-red-600 dark:text-red-400">
        {state.ok ? "" : state.message}
      </p>
    </form>
  );
}
