import { Suspense } from "react";
import type { Block, Inline } from "@/lib/markdown";
import { useMarkdown } from "./lazy-markdown";
import { MentionedText } from "./mention-chip";

/**
 * A message's text with its Markdown subset (lib/markdown.ts) as React elements: React escapes
 * every string, so HTML or script in a message, in a code block or not, is shown as text. URLs in
 * text become links exactly as in plain messages (LinkifiedText), mentions chips (MentionedText); code
 * shows its URLs as written.
 */
export function FormattedText({ text, tabIndex }: { text: string; tabIndex?: number }) {
  // Until the formatter is in (lazy-markdown.tsx), the text as typed, as a plain message shows.
  return (
    <Suspense fallback={<Blocks blocks={asTyped(text)} tabIndex={tabIndex} />}>
      <Formatted text={text} tabIndex={tabIndex} />
    </Suspense>
  );
}

function Formatted({ text, tabIndex }: { text: string; tabIndex?: number }) {
  const markdown = useMarkdown(text);
  return <Blocks blocks={markdown ? markdown.parseMessage(text) : asTyped(text)} tabIndex={tabIndex} />;
}

function asTyped(text: string): Block[] {
  return [{ type: "paragraph", children: [{ type: "text", text }] }];
}

function Blocks({ blocks, tabIndex }: { blocks: Block[]; tabIndex?: number }) {
  return (
    <div className="space-y-1 break-words" data-formatted="">
      {blocks.map((block, i) => (
        <BlockView key={i} block={block} tabIndex={tabIndex} />
      ))}
    </div>
  );
}

function BlockView({ block, tabIndex }: { block: Block; tabIndex?: number }) {
  switch (block.type) {
    case "paragraph":
      return (
        <p className="whitespace-pre-wrap">
          <Inlines nodes={block.children} tabIndex={tabIndex} />
        </p>
      );
    case "code":
      return (
        <pre className="overflow-x-auto rounded bg-black/10 px-2 py-1 font-mono text-[0.85em] dark:bg-white/10">
          <code data-lang={block.lang || undefined}>{block.text}</code>
        </pre>
      );
    case "quote":
      return (
        <blockquote className="border-l-2 border-current/50 pl-2 opacity-90">
          {block.children.map((child, i) => (
            <BlockView key={i} block={child} tabIndex={tabIndex} />
          ))}
        </blockquote>
      );
    case "list": {
      const items = block.items.map((item, i) => (
        <li key={i}>
          {item.map((child, j) => (
            <BlockView key={j} block={child} tabIndex={tabIndex} />
          ))}
        </li>
      ));
      return block.ordered ? (
        <ol start={block.start} className="list-decimal pl-5">
          {items}
        </ol>
      ) : (
        <ul className="list-disc pl-5">{items}</ul>
      );
    }
  }
}

function Inlines({ nodes, tabIndex }: { nodes: Inline[]; tabIndex?: number }) {
  return nodes.map((node, i) => {
    switch (node.type) {
      case "text":
        return <MentionedText key={i} text={node.text} tabIndex={tabIndex} />;
      case "code":
        return (
          <code key={i} className="rounded bg-black/10 px-1 font-mono text-[0.9em] dark:bg-white/10">
            {node.text}
          </code>
        );
      case "strong":
      case "em":
      case "del": {
        // These marks are named after the element that shows them.
        const Mark = node.type;
        return (
          <Mark key={i}>
            <Inlines nodes={node.children} tabIndex={tabIndex} />
          </Mark>
        );
      }
    }
  });
}
