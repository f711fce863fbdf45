import { expect, test } from "vitest";
import { linkSignals } from "./abort";

test("aborts with the first source's reason, and stops listening once disposed", () => {
  const a = new AbortController();
  const b = new AbortController();
  const { signal, dispose } = linkSignals(a.signal, undefined, b.signal);
  expect(signal.aborted).toBe(false);
  b.abort(new Error("b went"));
  expect(signal.aborted).toBe(true);
  expect((signal.reason as Error).message).toBe("b went");

  const c = new AbortController();
  const linked = linkSignals(c.signal);
  linked.dispose();
  c.abort();
  expect(linked.signal.aborted).toBe(false);
  dispose();
});

test("a source aborted already aborts it at once", () => {
  const { signal } = linkSignals(AbortSignal.abort("done"));
  expect(signal.aborted).toBe(true);
  expect(signal.reason).toBe("done");
});
