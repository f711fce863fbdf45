import type {
  AttemptView,
  ChatEvent,
  Degradation,
  ReplyMeta,
  ReplyMetrics,
  ReplyValidation,
  SessionMessage,
} from "@/lib/schemas/playground";
import { newId, type AssistantMessage, type ReplyError, type ReplyInfo } from "./types";

/** One assistant reply's life: created streaming, grown by events, ended by done/error/stop. */

export function newReply(now: number): AssistantMessage {
  return {
    id: newId("r"),
    role: "assistant",
    content: "",
    reply: {
      state: "streaming",
      trying: null,
      answeredBy: null,
      attempts: [],
      degradations: [],
      metrics: null,
      validation: null,
      error: null,
      finishReason: null,
      logId: null,
      resets: [],
      startedAt: now,
      firstTokenAt: null,
    },
  };
}

function sameDegradation(a: Degradation, b: Degradation): boolean {
  return a.feature === b.feature && a.label === b.label;
}

/** The reply after one server event (`now`: browser clock, for the live timing). */
export function applyChatEvent(m: AssistantMessage, event: ChatEvent, now: number): AssistantMessage {
  const r = m.reply;
  if (r.state !== "streaming") return m;
  switch (event.type) {
    case "attempt":
      // A fresh attempt at a new target: what earlier targets announced or sent no longer applies.
      return {
        ...m,
        content: "",
        reply: { ...r, trying: event.target, degradations: [], validation: null, resets: [], firstTokenAt: null },
      };
    case "degradation":
      return r.degradations.some((d) => sameDegradation(d, event.degradation))
        ? m
        : { ...m, reply: { ...r, degradations: [...r.degradations, event.degradation] } };
    case "delta":
      return { ...m, content: m.content + event.content, reply: { ...r, firstTokenAt: r.firstTokenAt ?? now } };
    case "reset":
      return { ...m, content: "", reply: { ...r, resets: [...r.resets, event.reason] } };
    case "done":
      return {
        ...m,
        content: event.content,
        ...(event.toolCalls.length ? { toolCalls: event.toolCalls } : {}),
        reply: {
          ...r,
          state: "done",
          trying: null,
          answeredBy: event.answeredBy,
          attempts: event.attempts,
          degradations: event.degradations,
          metrics: event.metrics,
          validation: event.validation,
          finishReason: event.finishReason,
          logId: event.logId || null,
        },
      };
    case "error":
      return {
        ...m,
        // Keep whatever arrived: the server's copy, or ours if it sent none.
        content: event.content || m.content,
        reply: {
          ...r,
          state: "error",
          trying: null,
          attempts: event.attempts,
          // The server's final list: degradations of targets that failed earlier are not in it.
          degradations: event.degradations,
          metrics: event.metrics,
          logId: event.logId,
          error: { message: event.message, kind: event.kind, ...(event.status ? { status: event.status } : {}) },
        },
      };
  }
}

/** Timing measured in the browser, for replies that never got the server's metrics. */
function browserMetrics(r: ReplyInfo, now: number): ReplyMetrics | null {
  if (r.startedAt === null) return null;
  return {
    ttftMs: r.firstTokenAt === null ? null : Math.round(r.firstTokenAt - r.startedAt),
    totalMs: Math.round(now - r.startedAt),
    tokensPerSecond: null,
    usage: null,
  };
}

/** Ends a still-streaming reply with an error (broken stream, rejected request, lost connection). */
export function failReply(m: AssistantMessage, error: ReplyError, now: number): AssistantMessage {
  const r = m.reply;
  if (r.state !== "streaming") return m;
  return { ...m, reply: { ...r, state: "error", trying: null, error, metrics: r.metrics ?? browserMetrics(r, now) } };
}

/** Ends a still-streaming reply the user stopped: what arrived stays, marked as stopped. */
export function stopReply(m: AssistantMessage, now: number): AssistantMessage {
  const r = m.reply;
  if (r.state !== "streaming") return m;
  return {
    ...m,
    reply: { ...r, state: "done", trying: null, finishReason: "stopped", metrics: browserMetrics(r, now) },
  };
}

// ---- Saved form (`meta` on assistant messages) -------------------------------------

/** What a saved session keeps of a reply (the contract's loose `ReplyMeta`). */
export function metaFromReply(r: ReplyInfo): ReplyMeta {
  return {
    ...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
    attempts: r.attempts.slice(0, 8) as unknown as Record<string, unknown>[],
    degradations: r.degradations.slice(0, 16) as unknown as Record<string, unknown>[],
    ...(r.metrics ? { metrics: r.metrics as unknown as Record<string, unknown> } : {}),
    validation: r.validation as unknown as Record<string, unknown> | null,
    ...(r.error ? { error: { ...r.error, message: r.error.message.slice(0, 2000) } } : {}),
    finishReason: r.finishReason,
    ...(r.logId ? { logId: r.logId } : {}),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** A reply as stored, back to live form (stored meta went through our own writer; shapes are trusted loosely). */
function replyFromMeta(meta: ReplyMeta | undefined): ReplyInfo {
  const attempts = (meta?.attempts ?? []).filter((a) => typeof a.providerName === "string") as AttemptView[];
  const degradations = (meta?.degradations ?? []).filter(
    (d) => typeof d.label === "string" && isRecord(d.source),
  ) as Degradation[];
  const metrics = meta?.metrics && typeof meta.metrics.totalMs === "number" ? (meta.metrics as ReplyMetrics) : null;
  const validation =
    meta?.validation && typeof meta.validation.valid === "boolean" ? (meta.validation as ReplyValidation) : null;
  return {
    state: meta?.error ? "error" : "done",
    trying: null,
    answeredBy: meta?.answeredBy ?? null,
    attempts,
    degradations,
    metrics,
    validation,
    error: meta?.error ?? null,
    finishReason: meta?.finishReason ?? null,
    logId: meta?.logId ?? null,
    resets: [],
    startedAt: null,
    firstTokenAt: null,
  };
}

/** A saved assistant message as a live one. */
export function assistantFromSession(m: Extract<SessionMessage, { role: "assistant" }>): AssistantMessage {
  return {
    id: newId("r"),
    role: "assistant",
    content: m.content,
    ...(m.toolCalls?.length ? { toolCalls: m.toolCalls } : {}),
    reply: replyFromMeta("meta" in m ? m.meta : undefined),
  };
}
