import { expect, test } from "vitest";
import type { ChatEvent, Degradation, TargetView } from "@/lib/schemas/playground";
import { applyChatEvent, failReply, newReply, stopReply } from "./reply";
import type { AssistantMessage } from "./types";

const targetA: TargetView = { providerId: "a", providerName: "A", model: "m" };
const targetB: TargetView = { providerId: "b", providerName: "B", model: "m" };
const jsonByInstruction: Degradation = {
  feature: "json_mode",
  label: "JSON by instruction",
  detail: "response_format json_object is not supported",
  source: { kind: "probe", runId: "run1", verdict: "unsupported", at: "2025-01-01T00:00:00Z" },
};
const metrics = { ttftMs: 1, totalMs: 2, tokensPerSecond: null, usage: null };

function play(events: ChatEvent[]): AssistantMessage {
  return events.reduce((m, e, i) => applyChatEvent(m, e, i + 1), newReply(0));
}

test("a degradation announced for a target that failed is gone once the next target is tried", () => {
  const attemptB: ChatEvent = { type: "attempt", target: targetB, index: 1 };
  const before: ChatEvent[] = [
    { type: "attempt", target: targetA, index: 0 },
    { type: "degradation", degradation: jsonByInstruction },
  ];
  expect(play(before).reply.degradations).toEqual([jsonByInstruction]);
  const onB = play([...before, attemptB]);
  expect(onB.reply).toMatchObject({ trying: targetB, degradations: [], validation: null });
  expect(onB.content).toBe("");

  const done = play([
    ...before,
    attemptB,
    { type: "delta", content: "{}" },
    {
      type: "done",
      content: "{}",
      toolCalls: [],
      finishReason: "stop",
      answeredBy: targetB,
      attempts: [
        { ...targetA, outcome: "failed", reason: "timed out", requests: 1 },
        { ...targetB, outcome: "answered", requests: 1 },
      ],
      degradations: [],
      metrics,
      validation: null,
      logId: "l1",
    },
  ]);
  expect(done.reply.state).toBe("done");
  expect(done.reply.answeredBy).toEqual(targetB);
  expect(done.reply.degradations).toEqual([]);
});

test("an error event's degradation list is final, even when empty", () => {
  const failed = play([
    { type: "attempt", target: targetA, index: 0 },
    { type: "degradation", degradation: jsonByInstruction },
    {
      type: "error",
      message: "all targets failed",
      kind: "outage",
      content: "",
      attempts: [{ ...targetA, outcome: "failed", reason: "HTTP 503", requests: 1 }],
      degradations: [],
      metrics,
      logId: null,
    },
  ]);
  expect(failed.reply.state).toBe("error");
  expect(failed.reply.degradations).toEqual([]);
});

test("a degradation announced for the target that answers stays until done confirms it", () => {
  const m = play([
    { type: "attempt", target: targetB, index: 0 },
    { type: "degradation", degradation: jsonByInstruction },
    { type: "degradation", degradation: jsonByInstruction },
    { type: "delta", content: "{" },
  ]);
  expect(m.reply.degradations).toEqual([jsonByInstruction]);
  expect(m.reply.firstTokenAt).toBe(4);
});

test("Stop keeps what arrived and times it by the browser clock; later events change nothing", () => {
  const streamed = play([
    { type: "attempt", target: targetA, index: 0 },
    { type: "delta", content: "Once upon" },
  ]);
  const stopped = stopReply(streamed, 10);
  expect(stopped.content).toBe("Once upon");
  expect(stopped.reply).toMatchObject({
    state: "done",
    trying: null,
    finishReason: "stopped",
    metrics: { ttftMs: 2, totalMs: 10, tokensPerSecond: null, usage: null },
  });
  expect(applyChatEvent(stopped, { type: "delta", content: " a time" }, 11)).toBe(stopped);
  expect(failReply(stopped, { kind: "stream", message: "lost" }, 12)).toBe(stopped);
});

test("a broken stream ends the reply as an error with the browser's timing", () => {
  const failed = failReply(play([{ type: "delta", content: "par" }]), { kind: "stream", message: "lost" }, 5);
  expect(failed.content).toBe("par");
  expect(failed.reply).toMatchObject({
    state: "error",
    error: { kind: "stream", message: "lost" },
    metrics: { ttftMs: 1, totalMs: 5 },
  });
});
