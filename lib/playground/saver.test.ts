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

/** A fake server whose creates resolve only when the test says so (`finishCreate`). */
function fakeServer({ missing = [] as string[], failing = false } = {}) {
  const calls: string[] = [];
  const saved: string[] = [];
  const errors: string[] = [];
  const pending: (() => void)[] = [];
  let next = 0;
  const deps: SaverDeps = {
    create: (d) => {
      const id = `s${++next}`;
      calls.push(`create ${id} ${d.columns[0]?.messages[0]?.content}`);
      if (failing) return Promise.reject(new Error("disk full"));
      return new Promise((resolve) => pending.push(() => resolve({ id })));
    },
    update: async (id, d) => {
      calls.push(`update ${id} ${d.columns[0]?.messages[0]?.content}`);
      if (missing.includes(id)) throw new Error(`no session ${id}`);
    },
    isNotFound: (err) => err instanceof Error && err.message.startsWith("no session"),
    onSaved: (id) => saved.push(id),
    onError: (err) => errors.push(String(err)),
  };
  /** Lets the save queue run until a create waits for its answer. */
  async function untilCreateWaits() {
    for (let i = 0; i < 10 && pending.length === 0; i++) await Promise.resolve();
    if (pending.length === 0) throw new Error("no create is waiting");
  }
  /** Answers the create that waits (the session now exists). */
  async function finishCreate() {
    await untilCreateWaits();
    pending.shift()?.();
  }
  return { deps, calls, saved, errors, untilCreateWaits, finishCreate };
}

function setup(initialId: string | null, options?: Parameters<typeof fakeServer>[0]) {
  const server = fakeServer(options);
  return { server, saver: createSessionSaver(initialId, () => server.deps) };
}

test("the first save creates the session, later ones update it", async () => {
  const { server, saver } = setup(null);
  void saver.save(data("one"));
  const second = saver.save(data("one, two"));
  await server.finishCreate();
  await second;
  expect(server.calls).toEqual(["create s1 one", "update s1 one, two"]);
  expect(server.saved).toEqual(["s1"]);
  expect(saver.currentId()).toBe("s1");
});

test("a create still in flight when the conversation is cleared does not claim the new conversation", async () => {
  const { server, saver } = setup(null);
  void saver.save(data("old"));
  const oldFollowUp = saver.save(data("old, more"));
  await server.untilCreateWaits();
  saver.detach();
  const fresh = saver.save(data("new"));
  await server.finishCreate();
  await oldFollowUp;
  // The old conversation is kept in its own session; the page is not pointed at it.
  expect(server.saved).toEqual([]);
  expect(saver.currentId()).toBeNull();
  await server.finishCreate();
  await fresh;
  expect(server.calls).toEqual(["create s1 old", "update s1 old, more", "create s2 new"]);
  expect(server.saved).toEqual(["s2"]);
  expect(saver.currentId()).toBe("s2");
});

test("an existing session is updated; a detached saver creates a new one", async () => {
  const { server, saver } = setup("s9");
  await saver.save(data("a"));
  saver.detach();
  const next = saver.save(data("b"));
  await server.finishCreate();
  await next;
  expect(server.calls).toEqual(["update s9 a", "create s1 b"]);
  expect(server.saved).toEqual(["s1"]);
});

test("a session deleted elsewhere is saved again as a new one", async () => {
  const { server, saver } = setup("gone", { missing: ["gone"] });
  const save = saver.save(data("a"));
  await server.finishCreate();
  await save;
  expect(server.calls).toEqual(["update gone a", "create s1 a"]);
  expect(server.saved).toEqual(["s1"]);
  expect(saver.currentId()).toBe("s1");
  expect(server.errors).toEqual([]);
});

test("a failed save is reported and the next one still runs", async () => {
  const { server, saver } = setup(null, { failing: true });
  await saver.save(data("a"));
  await saver.save(data("b"));
  expect(server.errors).toEqual(["Error: disk full", "Error: disk full"]);
  expect(server.calls).toEqual(["create s1 a", "create s2 b"]);
  expect(server.saved).toEqual([]);
  expect(saver.currentId()).toBeNull();
});
