"use client";

import { useActionState } from "react";
import { startDirectConversation } from "@/app/(app)/actions";
import { initialFormState } from "@/lib/form-state";

export function MessageButton({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(startDirectConversation, initialFormState);
  return (
    <form action={action} className="flex flex-col items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg bg-indigo-600 px-5 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        Message
      </button>
      <p role="alert" className="min-h-5 text-sm text-red-600 dark:text-red-400">
        {state.ok ? "" : state.message}
      </p>
    </form>
  );
}
