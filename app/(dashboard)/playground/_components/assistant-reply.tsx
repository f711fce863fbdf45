"use client";

import { memo } from "react";
import { looksLikeJson } from "@/lib/playground/format";
import type { AssistantMessage } from "@/lib/playground/types";
import { Markdown } from "./markdown";
import { DegradationBadges, FallbackPath, MetricsLine, ValidationMarker } from "./reply-meta";
import { ToolCalls, type ToolResult } from "./tool-calls";

const ERROR_KIND: Record<string, string> = {
  refused: "The provider refused the request",
  outage: "The provider failed",
  stream: "The stream broke",
  aborted: "Stopped",
  invalid: "The reply was invalid",
  request: "The request was not sent",
};

type Props = {
  message: AssistantMessage;
  /** Ids of this reply's tool calls with no result yet. */
  pendingToolCalls: ReadonlySet<string>;
  canAnswerTools: boolean;
  onToolResults: (replyId: string, results: ToolResult[]) => void;
};

const sameIds = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a === b || (a.size === b.size && [...a].every((id) => b.has(id)));

/** Props equal unless something shown changed (the pending set is rebuilt on each render of the list). */
function sameProps(a: Props, b: Props): boolean {
  return (
    a.message === b.message &&
    a.canAnswerTools === b.canAnswerTools &&
    a.onToolResults === b.onToolResults &&
    sameIds(a.pendingToolCalls, b.pendingToolCalls)
  );
}

/**
 * One assistant reply: who answered, badges, the text as it grows, tool calls, errors,
 * metrics. Memoised: while another reply streams, this one does not render again.
 */
export const AssistantReply = memo(function AssistantReply({
  message: m,
  pendingToolCalls,
  canAnswerTools,
  onToolResults,
}: Props) {
  const r = m.reply;
  const streaming = r.state === "streaming";
  return (
    <article
      data-testid="reply"
      data-state={r.state}
      aria-busy={streaming}
      aria-label="Assistant reply"
      className="space-y-2 rounded-md border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {r.answeredBy ? (
          <span data-testid="answered-by" className="font-medium text-zinc-800 dark:text-zinc-200">
            Answered by {r.answeredBy.providerName} · {r.answeredBy.model}
          </span>
        ) : r.trying ? (
          <span role="status">
            Trying {r.trying.providerName} · {r.trying.model}…
          </span>
        ) : streaming ? (
          <span role="status">Sending…</span>
        ) : (
          <span className="font-medium">Assistant</span>
        )}
        <DegradationBadges degradations={r.degradations} logId={r.logId} />
        <ValidationMarker validation={r.validation} />
      </div>
      <FallbackPath attempts={r.attempts} />
      {r.resets.length > 0 && streaming ? <p className="text-xs text-zinc-500">Retrying: {r.resets.at(-1)}</p> : null}
      <div data-testid="reply-content">
        {m.content === "" ? null : looksLikeJson(m.content) ? (
          <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
            {m.content}
          </pre>
        ) : (
          <Markdown content={m.content} />
        )}
      </div>
      {streaming && m.content === "" ? (
        <p className="text-xs text-zinc-500" aria-hidden="true">
          Waiting for the first token…
        </p>
      ) : null}
      {m.toolCalls?.length ? (
        <ToolCalls
          calls={m.toolCalls}
          pending={pendingToolCalls}
          canAnswer={canAnswerTools}
          onSubmit={(results) => onToolResults(m.id, results)}
        />
      ) : null}
      {r.error ? (
        <div
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">
            {ERROR_KIND[r.error.kind] ?? "The reply failed"}
            {r.error.status ? ` (HTTP ${r.error.status})` : ""}
          </p>
          <p className="break-words">{r.error.message}</p>
        </div>
      ) : null}
      {r.finishReason === "stopped" ? <p className="text-xs text-zinc-500">Stopped before the end.</p> : null}
      {r.finishReason === "length" ? <p className="text-xs text-zinc-500">Cut off at the max tokens limit.</p> : null}
      <MetricsLine metrics={r.metrics} attempts={r.attempts} />
    </article>
  );
}, sameProps);
