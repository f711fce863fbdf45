import { expect, test } from "vitest";
import type { ChatEvent, Degradation, TargetView } from "@/lib/schemas/playground";
import { applyChatEvent, newReply } from "./reply";
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
