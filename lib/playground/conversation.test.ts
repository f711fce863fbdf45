import { expect, test } from "vitest";
import {
  buildChatRequest,
  editUserMessage,
  newColumn,
  toChatMessages,
  unansweredToolCalls,
  withoutLastReply,
} from "./conversation";
import { applyChatEvent, failReply, newReply } from "./reply";
import { DEFAULT_SETTINGS } from "./session";
import type { AssistantMessage, UiMessage } from "./types";

const user = (id: string, content: string): UiMessage => ({ id, role: "user", content });
function reply(content: string, state: "done" | "error" = "done"): AssistantMessage {
  const m = { ...newReply(0), content };
  return state === "done"
    ? { ...m, reply: { ...m.reply, state } }
    : failReply(m, { kind: "outage", message: "down" }, 1);
}

test("a reply that failed before saying anything is not sent back to the model", () => {
  const messages = [user("u1", "hi"), reply("", "error"), user("u2", "again?"), reply("yes")];
  expect(toChatMessages(messages)).toEqual([
    { role: "user", content: "hi" },
    { role: "user", content: "again?" },
    { role: "assistant", content: "yes" },
  ]);
});

test("the request carries the target, fallbacks, column overrides and session", () => {
  const column = {
    ...newColumn({ providerId: "p1", model: " m1 " }, [user("u1", "hi")]),
    fallbacks: [{ providerId: "p2", model: "m2" }],
    sameSettings: false,
    overrides: { temperature: "0.5", maxTokens: "", seed: "" },
  };
  const built = buildChatRequest(column, { ...DEFAULT_SETTINGS, params: { temperature: 1, seed: 3 } }, "s1");
  expect(built).toMatchObject({
    ok: true,
    request: {
      target: { providerId: "p1", model: "m1" },
      fallbacks: [{ providerId: "p2", model: "m2" }],
      params: { temperature: 0.5, seed: 3 },
      messages: [{ role: "user", content: "hi" }],
      sessionId: "s1",
    },
  });
});

test("missing models are named, fallbacks by their number", () => {
  const column = { ...newColumn({ providerId: "p1", model: "" }), fallbacks: [{ providerId: "p2", model: "" }] };
  const built = buildChatRequest(column, DEFAULT_SETTINGS, null);
  expect(built.ok ? null : built.errors).toEqual({
    model: "Model is required",
    "fallback-model-0": "Fallback model 1 is required",
  });
});

test("regenerate drops the last reply; edit truncates after the edited user message", () => {
  const messages = [user("u1", "one"), reply("A"), user("u2", "two"), reply("B")];
  expect(withoutLastReply(messages)?.map((m) => m.id)).toEqual(["u1", messages[1]?.id, "u2"]);
  expect(withoutLastReply(messages.slice(0, 3))).toBeNull();
  const edited = editUserMessage(messages, 0, "uno");
  expect(edited?.map((m) => m.role === "user" && m.content)).toEqual(["uno"]);
});

test("events grow the reply; done replaces it with the server's final text", () => {
  let m = newReply(0);
  m = applyChatEvent(m, { type: "delta", content: "Hel" }, 5);
  m = applyChatEvent(m, { type: "delta", content: "lo" }, 6);
  expect(m.content).toBe("Hello");
  expect(m.reply.firstTokenAt).toBe(5);
  m = applyChatEvent(m, { type: "reset", reason: "repair" }, 7);
  expect(m.content).toBe("");
  const target = { providerId: "p", providerName: "P", model: "m" };
  m = applyChatEvent(
    m,
    {
      type: "done",
      content: "Hi",
      toolCalls: [{ id: "c1", name: "get_weather", arguments: "{}" }],
      finishReason: "tool_calls",
      answeredBy: target,
      attempts: [{ ...target, outcome: "answered", requests: 1 }],
      degradations: [],
      metrics: { ttftMs: 5, totalMs: 9, tokensPerSecond: null, usage: null },
      validation: null,
      logId: "l1",
    },
    9,
  );
  expect(m.reply.state).toBe("done");
  expect(m.content).toBe("Hi");
  expect(unansweredToolCalls([m], m.id).map((c) => c.id)).toEqual(["c1"]);
  const answered: UiMessage[] = [m, { id: "t", role: "tool", toolCallId: "c1", content: "sunny" }];
  expect(unansweredToolCalls(answered, m.id)).toEqual([]);
});

test("an error event keeps the text received so far", () => {
  let m = applyChatEvent(newReply(0), { type: "delta", content: "partial" }, 1);
  m = applyChatEvent(
    m,
    {
      type: "error",
      message: "upstream closed",
      status: 502,
      kind: "stream",
      content: "",
      attempts: [],
      degradations: [],
      metrics: { ttftMs: 1, totalMs: 2, tokensPerSecond: null, usage: null },
      logId: null,
    },
    2,
  );
  expect(m.content).toBe("partial");
  expect(m.reply).toMatchObject({ state: "error", error: { message: "upstream closed", status: 502, kind: "stream" } });
});
