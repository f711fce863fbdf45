import { expect, test } from "vitest";
import { breakableTitle } from "./matrix-grid";

test("long words in narrow headers break where a reader expects", () => {
  const shown = (t: string) =>
    breakableTitle(t)
      .replace(/\u00ad/g, "-")
      .replace(/\u200b/g, "|");
  expect(shown("Legacy completions")).toBe("Legacy com-pletions");
  expect(shown("Embeddings")).toBe("Embed-dings");
  expect(shown("Structured output")).toBe("Struc-tured output");
  expect(shown("Log probabilities")).toBe("Log probabi-lities");
  expect(shown("max_tokens")).toBe("max_|tokens");
  expect(shown("Streaming")).toBe("Stream-ing");
  expect(shown("Seed")).toBe("Seed");
});
