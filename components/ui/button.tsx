import type { ButtonHTMLAttributes } from "react";

const tones = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-500",
  secondary: "border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900",
  danger: "bg-red-600 text-white hover:bg-red-500",
  // For a step back from something (leaving, blocking) that sits beside buttons of equal weight.
  dangerOutline: "border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-400 dark:hover:bg-red-950",
};

const sizes = {
  // Many to a row: the admin tables, a group's members.
  xs: "rounded-md px-2 py-1 text-sm",
  sm: "rounded-lg px-4 py-1.5 text-sm font-medium",
  md: "rounded-lg px-4 py-2 text-sm font-medium",
  // The one action of a page or a form that is mostly the action (sign in, search, join).
  lg: "rounded-lg px-4 py-2 font-medium",
};

export type ButtonLook = { tone?: keyof typeof tones; size?: keyof typeof sizes; className?: string };

/** A button's classes, for the links and downloads that look like one. */
export function buttonClass({ tone = "primary", size = "md", className }: ButtonLook = {}): string {
  return [sizes[size], tones[tone], "disabled:opacity-60", className].filter(Boolean).join(" ");
}

/** Nearly every button here submits a form, so that is the default `type`. */
export function Button({ tone, size, className, type = "submit", ...button }: ButtonHTMLAttributes<HTMLButtonElement> & ButtonLook) {
  return <button type={type} className={buttonClass({ tone, size, className })} {...button} />;
}
