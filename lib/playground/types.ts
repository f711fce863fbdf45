import type {
  AttemptView,
  Degradation,
  ReplyMetrics,
  ReplyValidation,
  TargetView,
  ToolCall,
} from "@/lib/schemas/playground";

/**
 * The playground's in-browser state (isomorphic types, no I/O). Form fields stay strings
 * while the user types; they become a {@link ChatRequest} only when sent.
 */

export type ReplyState = "streaming" | "done" | "error";

/** Why a reply ended badly: the provider's error, a broken stream, or a rejected request. */
export type ReplyError = { message: string; status?: number; kind: string };

/** How an assistant reply came to be (live while streaming; stored as `meta` when saved). */
export type ReplyInfo = {
  state: ReplyState;
  /** The target being tried while streaming (from `attempt` events). */
  trying: TargetView | null;
  answeredBy: TargetView | null;
  attempts: AttemptView[];
  degradations: Degradation[];
  metrics: ReplyMetrics | null;
  validation: ReplyValidation | null;
  error: ReplyError | null;
  finishReason: string | null;
  /** The call's row in the request log (links a refusal's degradation to it). */
  logId: string | null;
  /** Why the text so far was discarded (a repair attempt), newest last. */
  resets: string[];
  /** Browser clock (ms) when the request was sent and when the first delta arrived. */
  startedAt: number | null;
  firstTokenAt: number | null;
};

export type UserMessage = { id: string; role: "user"; content: string; images?: string[] };
export type AssistantMessage = {
  id: string;
  role: "assistant";
  content: string;
  toolCalls?: ToolCall[];
  reply: ReplyInfo;
};
export type ToolMessage = { id: string; role: "tool"; toolCallId: string; content: string };
export type UiMessage = UserMessage | AssistantMessage | ToolMessage;

/** A provider + model while being edited (the model may still be empty). */
export type TargetDraft = { providerId: string; model: string };

/** Per-column overrides of the shared parameters (compare mode), as typed. */
export type OverridesDraft = { temperature: string; maxTokens: string; seed: string };

export type ColumnState = {
  /** Stable key for React and for routing stream events (not saved). */
  id: string;
  target: TargetDraft;
  fallbacks: TargetDraft[];
  /** "Same settings for all": when true the overrides are ignored. */
  sameSettings: boolean;
  overrides: OverridesDraft;
  messages: UiMessage[];
};

/** The parameters panel as typed. */
export type SettingsDraft = {
  system: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  seed: string;
  stop: string;
  jsonMode: boolean;
  structured: boolean;
  schemaText: string;
  tools: boolean;
  toolsText: string;
};

export type SettingsField = keyof SettingsDraft;

/** Field → message ("Temperature must be between 0 and 2"). */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

let counter = 0;
/** A process-unique id for list keys (crypto.randomUUID is missing on plain-http LAN origins). */
export function newId(prefix = "m"): string {
  counter += 1;
  return `${prefix}${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
