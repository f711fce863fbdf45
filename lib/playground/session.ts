import {
  chatSettingsSchema,
  targetSchema,
  type ChatSettings,
  type SessionData,
  type SessionMessage,
} from "@/lib/schemas/playground";
import { isStreamingReply, newColumn } from "./conversation";
import { assistantFromSession, metaFromReply } from "./reply";
import { EMPTY_OVERRIDES, draftFromOverrides, parseOverridesDraft } from "./settings";
import { newId, type ColumnState, type UiMessage } from "./types";

/** Live playground state ⇄ the saved {@link SessionData}. */

export const DEFAULT_SETTINGS: ChatSettings = chatSettingsSchema.parse({});

function toSessionMessage(m: UiMessage): SessionMessage {
  if (m.role === "user") return { role: "user", content: m.content, ...(m.images?.length ? { images: m.images } : {}) };
  if (m.role === "tool") return { role: "tool", toolCallId: m.toolCallId, content: m.content };
  return {
    role: "assistant",
    content: m.content,
    ...(m.toolCalls?.length ? { toolCalls: m.toolCalls } : {}),
    meta: metaFromReply(m.reply),
  };
}

function fromSessionMessage(m: SessionMessage): UiMessage {
  if (m.role === "assistant") return assistantFromSession(m);
  return { ...m, id: newId() };
}

/** What gets saved: `settings` are the last ones sent; unfinished fallbacks are left out. */
export function toSessionData(settings: ChatSettings, columns: ColumnState[]): SessionData {
  return {
    settings,
    columns: columns.map((c) => {
      const overrides = c.sameSettings ? null : parseOverridesDraft(c.overrides);
      return {
        target: { providerId: c.target.providerId, model: c.target.model.trim() },
        fallbacks: c.fallbacks.filter((f) => targetSchema.safeParse(f).success),
        overrides: overrides?.ok ? overrides.overrides : {},
        messages: c.messages.filter((m) => !isStreamingReply(m)).map(toSessionMessage),
      };
    }),
  };
}

/** A saved session's columns, ready to continue. */
export function columnsFromSession(data: SessionData): ColumnState[] {
  return data.columns.map((c) => {
    const hasOverrides = Object.values(c.overrides).some((v) => v !== undefined);
    return {
      ...newColumn({ providerId: c.target.providerId, model: c.target.model }, c.messages.map(fromSessionMessage)),
      fallbacks: c.fallbacks.map((f) => ({ ...f })),
      sameSettings: !hasOverrides,
      overrides: hasOverrides ? draftFromOverrides(c.overrides) : EMPTY_OVERRIDES,
    };
  });
}

/** The read-only link of a shared session. */
export function shareUrl(origin: string, id: string): string {
  return `${origin}/playground/s/${encodeURIComponent(id)}`;
}
