import type { ChatEvent, Degradation, ReplyMeta, ReplyMetrics, SessionMessage } from "@/lib/schemas/playground";
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

/** What a saved session keeps of a reply (`ReplyMeta`, checked by `replyMetaSchema` on save and on read). */
export function metaFromReply(r: ReplyInfo): ReplyMeta {
  return {
    ...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
    attempts: r.attempts.slice(0, 8),
    degradations: r.degradations.slice(0, 16),
    ...(r.metrics ? { metrics: r.metrics } : {}),
    validation: r.validation,
    ...(r.error ? { error: { ...r.error, message: r.error.message.slice(0, 2000) } } : {}),
    finishReason: r.finishReason,
    ...(r.logId ? { logId: r.logId } : {}),
  };
}

/** A reply as stored, back to live form (stored meta passed `replyMetaSchema` on the way in and out). */
function replyFromMeta(meta: ReplyMeta | undefined): ReplyInfo {
  const attempts = meta?.attempts ?? [];
  const degradations = meta?.degradations ?? [];
  const metrics = meta?.metrics ?? null;
  const validation = meta?.validation ?? null;
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
