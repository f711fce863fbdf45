import { expect, test } from "vitest";
import { sessionDataSchema } from "@/lib/schemas/playground";
import { newColumn } from "./conversation";
import { applyChatEvent, failReply, newReply } from "./reply";
import { DEFAULT_SETTINGS, columnsFromSession, toSessionData } from "./session";

test("a saved reply comes back with who answered, its badges, metrics and validation", () => {
  const target = { providerId: "p", providerName: "P", model: "m" };
  const degradation = {
    feature: "json_mode",
    label: "JSON by instruction",
    detail: "JSON mode is unsupported; asked for JSON in the system prompt",
    source: { kind: "probe" as const, runId: "r1", verdict: "unsupported", at: "2026-01-01T00:00:00Z" },
  };
  const done = applyChatEvent(
    newReply(0),
    {
      type: "done",
      content: "{}",
      toolCalls: [],
      finishReason: "stop",
      answeredBy: target,
      attempts: [{ ...target, outcome: "answered", requests: 1 }],
      degradations: [degradation],
      metrics: { ttftMs: 10, totalMs: 20, tokensPerSecond: 5, usage: null },
      validation: { kind: "json", valid: true },
      logId: "l",
    },
    20,
  );
  const column = {
    ...newColumn({ providerId: "p", model: "m" }, [{ id: "u", role: "user", content: "json please" }, done]),
    sameSettings: false,
    overrides: { temperature: "", maxTokens: "", seed: "4" },
  };
  const data = sessionDataSchema.parse(toSessionData(DEFAULT_SETTINGS, [column]));
  const [back] = columnsFromSession(data);
  const reply = back?.messages[1];
  expect(back?.overrides.seed).toBe("4");
  expect(back?.sameSettings).toBe(false);
  expect(reply?.role === "assistant" && reply.reply).toMatchObject({
    state: "done",
    answeredBy: target,
    degradations: [degradation],
    metrics: { ttftMs: 10, totalMs: 20 },
    validation: { kind: "json", valid: true },
  });
});

test("a failed reply is saved with its error; a reply still streaming is not saved", () => {
  const failed = failReply(newReply(0), { kind: "outage", message: "HTTP 503 upstream down", status: 503 }, 5);
  const column = newColumn({ providerId: "p", model: " m " }, [
    { id: "u1", role: "user", content: "hi" },
    failed,
    { id: "u2", role: "user", content: "again" },
    newReply(6),
  ]);
  const data = sessionDataSchema.parse(toSessionData(DEFAULT_SETTINGS, [column]));
  expect(data.columns[0]?.target).toEqual({ providerId: "p", model: "m" });
  expect(data.columns[0]?.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  const back = columnsFromSession(data)[0]?.messages[1];
  expect(back?.role === "assistant" && back.reply).toMatchObject({
    state: "error",
    error: { kind: "outage", message: "HTTP 503 upstream down", status: 503 },
    metrics: { totalMs: 5 },
  });
});
