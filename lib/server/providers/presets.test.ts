import { expect, test } from "vitest";
import { hostResolves } from "./presets";

test("the compose Ollama URL depends on the `ollama` host resolving, not on being inside a container", async () => {
  const asked: string[] = [];
  const missing = async (host: string) => {
    asked.push(host);
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  };
  expect(await hostResolves("ollama", missing)).toBe(false);
  expect(await hostResolves("ollama", async () => [{ address: "172.18.0.2", family: 4 }])).toBe(true);
  // A resolver that never answers is a "no" after the timeout, not a hang.
  expect(await hostResolves("ollama", () => new Promise(() => undefined), 20)).toBe(false);
  expect(asked).toEqual(["ollama"]);
});
