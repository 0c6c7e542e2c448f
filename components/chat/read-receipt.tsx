import type { Receipt } from "./receipts";
import type { MemberNames } from "./use-member-names";

/** "Sent", "Seen", or "Seen by N" with the names on hover and keyboard focus. */
export function ReadReceipt({ receipt, direct, names }: { receipt: Receipt; direct: boolean; names?: MemberNames }) {
  if (receipt.status === "sent") return <p className="mt-0.5 text-xs text-zinc-500">Sent</p>;
  if (direct) return <p className="mt-0.5 text-xs text-zinc-500">Seen</p>;
  const readers = receipt.readers.map((username) => names?.nameOf(username) ?? username).join(", ");
  return (
    <p className="group/receipt relative mt-0.5 text-xs text-zinc-500">
      <button type="button" className="underline decoration-dotted" aria-label={`Seen by ${receipt.readers.length}: ${readers}`}>
        Seen by {receipt.readers.length}
      </button>
      <span
        role="tooltip"
        className="pointer-events-none absolute right-0 bottom-full z-10 mb-1 hidden w-max max-w-60 rounded bg-zinc-900 px-2 py-1 text-white group-focus-within/receipt:block group-hover/receipt:block"
      >
        {readers}
      </span>
    </p>
  );
}
