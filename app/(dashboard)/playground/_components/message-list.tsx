"use client";

import { MessagesSquare } from "lucide-react";
import { memo } from "react";
import { indexConversation } from "@/lib/playground/conversation";
import type { UiMessage } from "@/lib/playground/types";
import { AssistantReply } from "./assistant-reply";
import type { ToolResult } from "./tool-calls";
import { UserMessage } from "./user-message";

/** What a conversation's messages can do; keep the functions stable (messages are memoised on them). */
export type MessageActions = {
  /** Rewrite the `ordinal`-th user message (in every column) and resend from there; false when nothing was sent. */
  onEdit: (ordinal: number, content: string) => boolean;
  onToolResults: (replyId: string, results: ToolResult[]) => void;
};

const NONE: ReadonlySet<string> = new Set();
const noEdit = () => false;
const noToolResults = () => undefined;

/**
 * A column's conversation. `actions` absent means read-only (viewers, shared links).
 * Messages are memoised: while a reply streams, only that reply renders again.
 */
export const MessageList = memo(function MessageList({
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
      <div className="mx-auto max-w-md py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
        <MessagesSquare aria-hidden="true" size={28} className="mx-auto mb-3 text-zinc-400" />
        <p className="font-medium text-zinc-700 dark:text-zinc-300">No messages yet</p>
        <p className="mt-1">
          Calls go through Switchyard&apos;s server, so keys never reach the browser. Replies stream here with who
          answered, their timing and usage, and any degradation applied.
        </p>
      </div>
    );
  }
  const { userOrdinals, pendingToolCalls, toolNames } = indexConversation(messages);
  return (
    <ol className="space-y-3" aria-label="Conversation">
      {messages.map((m) => (
        <li key={m.id}>
          {m.role === "user" ? (
            <UserMessage
              message={m}
              ordinal={userOrdinals.get(m.id) ?? -1}
              canEdit={!!actions && !busy}
              onEdit={actions?.onEdit ?? noEdit}
            />
          ) : m.role === "assistant" ? (
            <AssistantReply
              message={m}
              pendingToolCalls={pendingToolCalls.get(m.id) ?? NONE}
              canAnswerTools={!!actions && !busy}
              onToolResults={actions?.onToolResults ?? noToolResults}
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
});
