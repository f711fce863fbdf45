import type { ChatMessage, ChatRequest, ChatSettings, PlaygroundProvider } from "@/lib/schemas/playground";
import { EMPTY_OVERRIDES, parseOverridesDraft } from "./settings";
import {
  newId,
  type AssistantMessage,
  type ColumnState,
  type FieldErrors,
  type TargetDraft,
  type UiMessage,
} from "./types";

/** Pure operations on a column's conversation, and the request each column sends. */

/** The provider's default model, else its first known one, else nothing (free text). */
export function defaultModel(provider: PlaygroundProvider | undefined): string {
  return provider?.defaultModel ?? provider?.models[0]?.id ?? "";
}

/** The `index`-th provider (wrapping) with its default model. */
export function defaultTarget(providers: PlaygroundProvider[], index = 0): TargetDraft {
  const provider = providers.length ? providers[index % providers.length] : undefined;
  return { providerId: provider?.id ?? "", model: defaultModel(provider) };
}

export function newColumn(target: TargetDraft, messages: UiMessage[] = []): ColumnState {
  return {
    id: newId("c"),
    target,
    fallbacks: [],
    sameSettings: true,
    overrides: EMPTY_OVERRIDES,
    messages,
  };
}

/** Whether `m` is a reply still streaming (left out of copies and saves: it is not finished). */
export function isStreamingReply(m: UiMessage | undefined): boolean {
  return m?.role === "assistant" && m.reply.state === "streaming";
}

/** A copy of a conversation with fresh ids (a new compare column starts from column 1's). */
export function copyMessages(messages: UiMessage[]): UiMessage[] {
  return messages.filter((m) => !isStreamingReply(m)).map((m) => ({ ...m, id: newId() }));
}

/** The conversation as sent: a reply that failed before any text is left out (it said nothing). */
export function toChatMessages(messages: UiMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === "user")
      out.push({ role: "user", content: m.content, ...(m.images?.length ? { images: m.images } : {}) });
    else if (m.role === "tool") out.push({ role: "tool", toolCallId: m.toolCallId, content: m.content });
    else if (m.reply.state !== "streaming" && (m.content || m.toolCalls?.length)) {
      out.push({ role: "assistant", content: m.content, ...(m.toolCalls?.length ? { toolCalls: m.toolCalls } : {}) });
    }
  }
  return out;
}

/**
 * What column `column` sends with the shared `settings`, or its field errors keyed `provider`,
 * `model`, `fallback-provider-<i>`, `fallback-model-<i>` and the override fields, each named
 * by its label ("Model is required", "Fallback model 2 is required").
 */
export function buildChatRequest(
  column: ColumnState,
  settings: ChatSettings,
  sessionId: string | null,
): { ok: true; request: ChatRequest } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!column.target.providerId) errors.provider = "Provider is required";
  if (!column.target.model.trim()) errors.model = "Model is required";
  column.fallbacks.forEach((f, i) => {
    if (!f.providerId) errors[`fallback-provider-${i}`] = `Fallback provider ${i + 1} is required`;
    if (!f.model.trim()) errors[`fallback-model-${i}`] = `Fallback model ${i + 1} is required`;
  });
  let params = settings.params;
  if (!column.sameSettings) {
    const overrides = parseOverridesDraft(column.overrides);
    if (overrides.ok) params = { ...params, ...overrides.overrides };
    else Object.assign(errors, overrides.errors);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      ...settings,
      params,
      target: { providerId: column.target.providerId, model: column.target.model.trim() },
      fallbacks: column.fallbacks.map((f) => ({ providerId: f.providerId, model: f.model.trim() })),
      messages: toChatMessages(column.messages),
      ...(sessionId ? { sessionId } : {}),
    },
  };
}

/** Regenerate: the conversation without its last reply(s), or null when it does not end in one. */
export function withoutLastReply(messages: UiMessage[]): UiMessage[] | null {
  let end = messages.length;
  while (end > 0 && messages[end - 1]?.role === "assistant") end -= 1;
  if (end === messages.length || end === 0) return null;
  return messages.slice(0, end);
}

/** Edit-and-resend: the conversation up to its `ordinal`-th user message, that message rewritten. */
export function editUserMessage(messages: UiMessage[], ordinal: number, content: string): UiMessage[] | null {
  let seen = -1;
  for (const [i, m] of messages.entries()) {
    if (m.role !== "user") continue;
    seen += 1;
    if (seen === ordinal) return [...messages.slice(0, i), { ...m, content }];
  }
  return null;
}

/** Tool calls of the reply `replyId` that have no tool result after it yet. */
export function unansweredToolCalls(messages: UiMessage[], replyId: string) {
  const at = messages.findIndex((m) => m.id === replyId);
  const reply = messages[at];
  if (!reply || reply.role !== "assistant" || !reply.toolCalls) return [];
  const answered = new Set(messages.slice(at + 1).flatMap((m) => (m.role === "tool" ? [m.toolCallId] : [])));
  return reply.toolCalls.filter((c) => !answered.has(c.id));
}

/** Whether the conversation's last message is a reply still streaming. */
export function isStreaming(column: ColumnState): boolean {
  return isStreamingReply(column.messages.at(-1));
}

/** What the message list shows beside each message, in one pass (it renders on every streamed delta). */
type ConversationIndex = {
  /** A user message's position among the user messages (0-based), as {@link editUserMessage} counts. */
  userOrdinals: ReadonlyMap<string, number>;
  /** A reply's tool calls with no result after it yet, as {@link unansweredToolCalls} (absent when none). */
  pendingToolCalls: ReadonlyMap<string, ReadonlySet<string>>;
  /** Tool call id → function name, to title tool results. */
  toolNames: ReadonlyMap<string, string>;
};

export function indexConversation(messages: UiMessage[]): ConversationIndex {
  const userOrdinals = new Map<string, number>();
  const pendingToolCalls = new Map<string, ReadonlySet<string>>();
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    if (m.role === "user") userOrdinals.set(m.id, userOrdinals.size);
    if (m.role === "assistant") for (const c of m.toolCalls ?? []) toolNames.set(c.id, c.name);
  }
  // Backwards, so each reply sees exactly the results that come after it.
  const answered = new Set<string>();
  for (const m of messages.toReversed()) {
    if (m.role === "tool") answered.add(m.toolCallId);
    if (m.role !== "assistant" || !m.toolCalls) continue;
    const pending = m.toolCalls.filter((c) => !answered.has(c.id)).map((c) => c.id);
    if (pending.length) pendingToolCalls.set(m.id, new Set(pending));
  }
  return { userOrdinals, pendingToolCalls, toolNames };
}

/**
 * Whether the last reply made tool calls that have no result yet. Sending another user
 * message then would put an assistant turn with unanswered `tool_calls` in the request,
 * which OpenAI-style servers reject (400); Regenerate and Edit drop that reply and still work.
 */
export function awaitsToolResults(messages: UiMessage[]): boolean {
  const last = messages.findLast((m) => m.role === "assistant");
  return !!last && last.reply.state !== "streaming" && unansweredToolCalls(messages, last.id).length > 0;
}

/**
 * The columns with one reply updated. Everything else keeps its identity (and when the
 * reply did not change, the columns array itself), so memoised messages skip re-rendering.
 */
export function updateReply(
  columns: ColumnState[],
  columnId: string,
  replyId: string,
  update: (m: AssistantMessage) => AssistantMessage,
): ColumnState[] {
  const ci = columns.findIndex((c) => c.id === columnId);
  const column = columns[ci];
  const mi = column ? column.messages.findIndex((m) => m.id === replyId) : -1;
  const before = column?.messages[mi];
  if (!column || before?.role !== "assistant") return columns;
  const after = update(before);
  if (after === before) return columns;
  return columns.with(ci, { ...column, messages: column.messages.with(mi, after) });
}
