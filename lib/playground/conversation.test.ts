import { expect, test } from "vitest";
import {
  awaitsToolResults,
  buildChatRequest,
  editUserMessage,
  indexConversation,
  newColumn,
  toChatMessages,
  unansweredToolCalls,
  updateReply,
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
  const shared = { ...DEFAULT_SETTINGS, params: { temperature: 1, seed: 3 } };
  const built = buildChatRequest(column, shared, "s1");
  expect(built).toEqual({
    ok: true,
    request: {
      ...shared,
      target: { providerId: "p1", model: "m1" },
      fallbacks: [{ providerId: "p2", model: "m2" }],
      params: { temperature: 0.5, seed: 3 },
      messages: [{ role: "user", content: "hi" }],
      sessionId: "s1",
    },
  });
  // "Same settings for all" ignores what the column typed, even when it would not parse.
  const same = buildChatRequest(
    { ...column, sameSettings: true, overrides: { ...column.overrides, seed: "x" } },
    shared,
    null,
  );
  expect(same.ok && same.request.params).toEqual({ temperature: 1, seed: 3 });
  expect(same.ok && "sessionId" in same.request).toBe(false);
  const bad = buildChatRequest({ ...column, overrides: { ...column.overrides, seed: "x" } }, shared, null);
  expect(bad.ok ? null : bad.errors).toEqual({ seed: "Column seed must be a number" });
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

test("sending waits while the last reply's tool calls are unanswered; regenerate and edit clear them", () => {
  const calls = [
    { id: "c1", name: "get_weather", arguments: "{}" },
    { id: "c2", name: "get_time", arguments: "{}" },
  ];
  const asking: AssistantMessage = { ...reply(""), toolCalls: calls };
  const tool = (id: string): UiMessage => ({ id: `t-${id}`, role: "tool", toolCallId: id, content: "ok" });
  expect(awaitsToolResults([user("u1", "weather?"), asking])).toBe(true);
  expect(awaitsToolResults([user("u1", "weather?"), asking, tool("c1")])).toBe(true);
  expect(awaitsToolResults([user("u1", "weather?"), asking, tool("c1"), tool("c2")])).toBe(false);
  expect(awaitsToolResults([user("u1", "weather?"), asking, tool("c1"), tool("c2"), reply("Sunny")])).toBe(false);
  expect(awaitsToolResults([user("u1", "hi"), reply("hello")])).toBe(false);
  expect(awaitsToolResults([])).toBe(false);
  const regenerated = withoutLastReply([user("u1", "weather?"), asking]) ?? [];
  expect(awaitsToolResults(regenerated)).toBe(false);
  expect(awaitsToolResults(editUserMessage([user("u1", "weather?"), asking], 0, "time?") ?? [])).toBe(false);
});

test("a streamed event changes only its reply; every other column and message keeps its identity", () => {
  const streaming = newReply(0);
  const first = newColumn({ providerId: "p1", model: "m" }, [
    user("u1", "hi"),
    reply("old"),
    user("u2", "more"),
    streaming,
  ]);
  const second = newColumn({ providerId: "p2", model: "m" }, [user("u3", "hi"), reply("other")]);
  const columns = [first, second];
  const next = updateReply(columns, first.id, streaming.id, (m) =>
    applyChatEvent(m, { type: "delta", content: "Hel" }, 1),
  );
  expect(next[0]?.messages.at(-1)?.content).toBe("Hel");
  expect(next[1]).toBe(second);
  expect(next[0]?.messages.slice(0, 3)).toEqual(first.messages.slice(0, 3));
  next[0]?.messages.slice(0, 3).forEach((m, i) => expect(m).toBe(first.messages[i]));
  // Nothing changed (an event for a reply already finished, or one that was cleared): same array.
  expect(updateReply(next, first.id, "gone", (m) => ({ ...m, content: "x" }))).toBe(next);
  expect(updateReply(columns, second.id, second.messages[1]?.id ?? "", (m) => m)).toBe(columns);
});

test("the message list's index: user ordinals as edit counts them, pending tool calls, tool names", () => {
  const calls = [
    { id: "c1", name: "get_weather", arguments: "{}" },
    { id: "c2", name: "get_time", arguments: "{}" },
  ];
  const asked: AssistantMessage = { ...reply(""), toolCalls: calls };
  const askedAgain: AssistantMessage = {
    ...reply(""),
    toolCalls: [{ id: "c3", name: "get_weather", arguments: "{}" }],
  };
  const messages: UiMessage[] = [
    user("u1", "weather?"),
    asked,
    { id: "t1", role: "tool", toolCallId: "c1", content: "sunny" },
    user("u2", "and tomorrow?"),
    askedAgain,
  ];
  const index = indexConversation(messages);
  expect([...index.userOrdinals]).toEqual([
    ["u1", 0],
    ["u2", 1],
  ]);
  expect(editUserMessage(messages, index.userOrdinals.get("u2") ?? -1, "x")?.at(-1)).toMatchObject({ id: "u2" });
  expect([...(index.pendingToolCalls.get(asked.id) ?? [])]).toEqual(["c2"]);
  expect([...(index.pendingToolCalls.get(askedAgain.id) ?? [])]).toEqual(["c3"]);
  for (const m of messages) {
    const expected = unansweredToolCalls(messages, m.id).map((c) => c.id);
    expect([...(index.pendingToolCalls.get(m.id) ?? [])]).toEqual(expected);
  }
  expect(index.toolNames.get("c1")).toBe("get_weather");
  expect(index.toolNames.get("c2")).toBe("get_time");
  // A result answers only calls made before it.
  const answeredAll = indexConversation([...messages, { id: "t3", role: "tool", toolCallId: "c3", content: "rain" }]);
  expect(answeredAll.pendingToolCalls.has(askedAgain.id)).toBe(false);
  expect(answeredAll.pendingToolCalls.get(asked.id)?.has("c2")).toBe(true);
});
