"use client";

import { unansweredToolCalls, userOrdinal } from "@/lib/playground/conversation";
import type { UiMessage } from "@/lib/playground/types";
import { AssistantReply } from "./assistant-reply";
import type { ToolResult } from "./tool-calls";
import { UserMessage } from "./user-message";

export type MessageActions = {
  /** Rewrite the `ordinal`-th user message (in every column) and resend from there; false when nothing was sent. */
  onEdit: (ordinal: number, content: string) => boolean;
  onToolResults: (replyId: string, results: ToolResult[]) => void;
};

/** A column's conversation. `actions` absent means read-only (viewers, shared links). */
export function MessageList({
  messages,
  actions,
  busy = false,
}: {
  messages: UiMessage[];
  actions?: MessageActions;
  busy?: boolean;
}) {
  if (messages.length === 0) {
    return (
      <p className="py-6 text-center text-sm text-zinc-500">
        No messages yet. Replies stream here with their timing, token usage and any degradation applied.
      </p>
    );
  }
  const toolNames = new Map(
    messages.flatMap((m) => (m.role === "assistant" ? (m.toolCalls ?? []).map((c) => [c.id, c.name] as const) : [])),
  );
  return (
    <ol className="space-y-3" aria-label="Conversation">
      {messages.map((m) => (
        <li key={m.id}>
          {m.role === "user" ? (
            <UserMessage
              message={m}
              canEdit={!!actions && !busy}
              onEdit={(content) => actions?.onEdit(userOrdinal(messages, m.id), content) ?? false}
            />
          ) : m.role === "assistant" ? (
            <AssistantReply
              message={m}
              pendingToolCalls={new Set(unansweredToolCalls(messages, m.id).map((c) => c.id))}
              canAnswerTools={!!actions && !busy}
              onToolResults={(results) => actions?.onToolResults(m.id, results)}
            />
          ) : (
            <div
              data-testid="tool-result"
              className="ml-6 rounded-md border border-violet-200 p-2 text-xs dark:border-violet-900"
            >
              <p className="font-medium">Tool result for {toolNames.get(m.toolCallId) ?? m.toolCallId}</p>
              <pre className="whitespace-pre-wrap break-words font-mono">{m.content}</pre>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
