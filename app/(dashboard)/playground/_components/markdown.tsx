"use client";

import { memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { UNTRUSTED_LINK_REL, httpUrlOrNull, imageLinkText } from "@/lib/playground/links";
import { copyText } from "./clipboard";

/** The slice of a hast node this file reads (react-markdown hands components their node). */
type HastNode = {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
};

/** The node's text; an image counts as "[image: alt]" (it is never loaded). */
function hastText(node: HastNode | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.value ?? "";
  if (node.tagName === "img") return imageLinkText(node.properties?.alt);
  return (node.children ?? []).map(hastText).join("");
}

const hasImage = (node: HastNode | undefined): boolean =>
  !!node && (node.tagName === "img" || (node.children ?? []).some(hasImage));

function CodeBlock({ text, children }: { text: string; children: React.ReactNode }) {
  return (
    <div className="relative my-2">
      <pre className="overflow-x-auto rounded-md bg-zinc-900 p-3 pr-16 text-xs leading-relaxed text-zinc-100">
        {children}
      </pre>
      {/* The visible word is CSS content so the reply's text (and a JSON reply's parse) stays the model's own. */}
      <button
        type="button"
        aria-label="Copy"
        title="Copy"
        onClick={() => void copyText(text.replace(/\n$/, ""), "Code copied to the clipboard.")}
        className="absolute right-2 top-2 rounded border border-zinc-600 bg-zinc-800 px-2 py-0.5 text-xs text-zinc-100 after:content-['Copy'] hover:bg-zinc-700"
      />
    </div>
  );
}

const linkClass = "text-brand-600 underline dark:text-brand-100";

/**
 * Links open in a new tab with no opener or referrer. Images are never loaded (a remote
 * image in model output can carry data out, see lib/playground/links.ts): an http(s) one
 * becomes a link showing its alt text and URL, any other is named only.
 */
const components: Components = {
  pre: ({ node, children }) => <CodeBlock text={hastText(node as HastNode | undefined)}>{children}</CodeBlock>,
  a: ({ node, href, children }) => (
    <a href={href} target="_blank" rel={UNTRUSTED_LINK_REL} className={linkClass}>
      {/* A linked image as text: an <a> inside an <a> is invalid HTML. */}
      {hasImage(node as HastNode | undefined) ? hastText(node as HastNode) : children}
    </a>
  ),
  img: ({ src, alt }) => {
    const url = httpUrlOrNull(src);
    if (!url) return <span className="text-zinc-500">{imageLinkText(alt)}</span>;
    return (
      <a href={url} target="_blank" rel={UNTRUSTED_LINK_REL} className={linkClass}>
        {imageLinkText(alt)} <span className="break-all text-xs">{url}</span>
      </a>
    );
  },
};

const remarkPlugins = [remarkGfm];

const proseClass = [
  "text-sm leading-relaxed break-words",
  "[&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5",
  "[&_h1]:mt-3 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:font-medium",
  "[&_blockquote]:border-l-2 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600",
  "[&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-zinc-100 [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:text-[0.85em]",
  "dark:[&_:not(pre)>code]:bg-zinc-800",
  "[&_table]:my-2 [&_table]:border-collapse [&_td]:border [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:px-2 [&_th]:py-1",
  "[&_td]:border-zinc-300 [&_th]:border-zinc-300 dark:[&_td]:border-zinc-700 dark:[&_th]:border-zinc-700",
  "[&>:first-child]:mt-0 [&>:last-child]:mb-0",
].join(" ");

/**
 * An assistant reply as Markdown (GFM); raw HTML is not rendered, images are not loaded.
 * Memoised on the text: while one reply streams, the others are not parsed again.
 */
export const Markdown = memo(function Markdown({ content }: { content: string }) {
  return (
    <div className={proseClass}>
      <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
        {content}
      </ReactMarkdown>
    </div>
  );
});
