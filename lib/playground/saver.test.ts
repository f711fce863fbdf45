import { expect, test } from "vitest";
import type { SessionData } from "@/lib/schemas/playground";
import { createSessionSaver, type SaverDeps } from "./saver";
import { DEFAULT_SETTINGS } from "./session";

const data = (text: string): SessionData => ({
  settings: DEFAULT_SETTINGS,
  columns: [
    {
      target: { providerId: "p", model: "m" },
      fallbacks: [],
      overrides: {},
      messages: [{ role: "user", content: text }],
    },
  ],
});

/** A fake server whose creates resolve only when the test says so. */
function fakeServer() {
  const calls: string[] = [];
  const saved: string[] = [];
  const pending: (() => void)[] = [];
  let next = 0;
  const deps: SaverDeps = {
    create: (d) => {
      const id = `s${++next}`;
      calls.push(`create ${id} ${d.columns[0]?.messages[0]?.content}`);
      return new Promise((resolve) => pending.push(() => resolve({ id })));
    },
    update: async (id, d) => {
      calls.push(`update ${id} ${d.columns[0]?.messages[0]?.content}`);
    },
    isNotFound: () => false,
    onSaved: (id) => saved.push(id),
    onError: (err) => calls.push(`error ${String(err)}`),
  };
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { deps, calls, saved, pending, settle };
}

test("the first save creates the session, later ones update it", async () => {
  const server = fakeServer();
  const saver = createSessionSaver(null, () => server.deps);
  void saver.save(data("one"));
  const second = saver.save(data("one, two"));
  await server.settle();
  server.pending.shift()?.();
  await second;
  expect(server.calls).toEqual(["create s1 one", "update s1 one, two"]);
  expect(server.saved).toEqual(["s1"]);
  expect(saver.currentId()).toBe("s1");
});

test("a create still in flight when the conversation is cleared does not claim the new conversation", async () => {
  const server = fakeServer();
  const saver = createSessionSaver(null, () => server.deps);
  void saver.save(data("old"));
  const oldFollowUp = saver.save(data("old, more"));
  await server.settle();
  saver.detach();
  const fresh = saver.save(data("new"));
  server.pending.shift()?.();
  await oldFollowUp;
  // The old conversation is kept in its own session; the page is not pointed at it.
  expect(server.saved).toEqual([]);
  expect(saver.currentId()).toBeNull();
  await server.settle();
  server.pending.shift()?.();
  await fresh;
  expect(server.calls).toEqual(["create s1 old", "update s1 old, more", "create s2 new"]);
  expect(server.saved).toEqual(["s2"]);
  expect(saver.currentId()).toBe("s2");
});

test("an existing session is updated; a detached saver creates a new one", async () => {
  const server = fakeServer();
  const saver = createSessionSaver("s9", () => server.deps);
  await saver.save(data("a"));
  saver.detach();
  const next = saver.save(data("b"));
  await server.settle();
  server.pending.shift()?.();
  await next;
  expect(server.calls).toEqual(["update s9 a", "create s1 b"]);
  expect(server.saved).toEqual(["s1"]);
});
