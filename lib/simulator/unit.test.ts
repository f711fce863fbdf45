/** Unit tests of the simulator's building blocks, each checked by an independent means. */
import { PNG } from "pngjs";
import { describe, expect, test } from "vitest";
import { embedText, encodeBase64Floats } from "./embeddings";
import { isFlakyFailure } from "./faults";
import { createRng } from "./random";
import { generateInstance } from "./schema-instance";
import { generateReply, tokenize } from "./text-model";
import { stringHint, toolMatches } from "./tools";
import { cosine, createAjv, jpegDataUrl, pngDataUrl, schemaErrors } from "./test-support";
import { ImageDecodeError, decodeDataUrl, dominantColour } from "./vision";

describe("tokenize", () => {
  test("tokens always join back to the input", () => {
    const rng = createRng(9);
    const alphabet = ["a", "b", " ", "  ", "\n", ".", ",", "é", "日本", "'", "{", '"', "7", "\t"];
    for (let i = 0; i < 300; i++) {
      const text = Array.from(
        { length: Math.floor(rng() * 30) },
        () => alphabet[Math.floor(rng() * alphabet.length)],
      ).join("");
      expect(tokenize(text).join("")).toBe(text);
    }
    expect(tokenize("Hello, world.")).toEqual(["Hello", ",", " world", "."]);
  });
});

describe("generateInstance", () => {
  const schemas: Record<string, object> = {
    nested: {
      type: "object",
      properties: {
        user: {
          type: "object",
          properties: { id: { type: "integer", minimum: 10, maximum: 12 }, email: { type: "string", format: "email" } },
          required: ["id", "email"],
          additionalProperties: false,
        },
      },
      required: ["user"],
    },
    refs: {
      $defs: {
        point: { type: "object", properties: { x: { type: "number" }, y: { type: "number" } }, required: ["x", "y"] },
      },
      type: "array",
      items: { $ref: "#/$defs/point" },
      minItems: 2,
      maxItems: 4,
    },
    allOf: {
      allOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { properties: { b: { type: "boolean" } }, required: ["b"] },
      ],
    },
    oneOf: { oneOf: [{ type: "string", minLength: 3 }, { type: "integer" }] },
    nullable: {
      type: "object",
      properties: { v: { anyOf: [{ type: "null" }, { type: "string", enum: ["x", "y"] }] } },
      required: ["v"],
    },
    bounds: {
      type: "object",
      properties: {
        m: { type: "integer", multipleOf: 5, minimum: 7, maximum: 40 },
        e: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
        s: { type: "string", minLength: 12, maxLength: 14 },
      },
      required: ["m", "e", "s"],
    },
    tuple: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
    unique: { type: "array", items: { type: "string", enum: ["a", "b", "c"] }, minItems: 3, uniqueItems: true },
    formats: {
      type: "object",
      properties: {
        when: { type: "string", format: "date-time" },
        id: { type: "string", format: "uuid" },
        url: { type: "string", format: "uri" },
        day: { type: "string", format: "date" },
      },
      required: ["when", "id", "url", "day"],
    },
    constAndMinProps: { type: "object", properties: { k: { const: 42 } }, required: ["k"], minProperties: 3 },
  };
  test.each(Object.entries(schemas))("%s validates for 25 seeds (ajv)", (_name, schema) => {
    createAjv().compile(schema);
    for (let seed = 0; seed < 25; seed++)
      expect(schemaErrors(schema, generateInstance(schema, createRng(seed)))).toBeUndefined();
  });
  test("same seed, same value; other seeds vary", () => {
    const schema = {
      type: "object",
      properties: { n: { type: "integer" }, s: { type: "string" } },
      required: ["n", "s"],
    };
    expect(generateInstance(schema, createRng(3))).toEqual(generateInstance(schema, createRng(3)));
    const distinct = new Set(
      Array.from({ length: 10 }, (_, seed) => JSON.stringify(generateInstance(schema, createRng(seed)))),
    );
    expect(distinct.size).toBeGreaterThan(5);
  });
});

describe("embeddings", () => {
  test("unit length, deterministic, similar texts closer", () => {
    const a = embedText("The quick brown fox jumps over the lazy dog", 256);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(embedText("The quick brown fox jumps over the lazy dog", 256)).toEqual(a);
    const near = embedText("A quick brown fox jumped over a lazy dog", 256);
    const far = embedText("Interest rates and inflation in 1970s Europe", 256);
    expect(cosine(a, near)).toBeGreaterThan(cosine(a, far) + 0.2);
  });
  test("base64 is little-endian float32", () => {
    const v = embedText("hello", 8);
    const bytes = Buffer.from(encodeBase64Floats(v), "base64");
    expect(bytes.length).toBe(32);
    expect(Array.from({ length: 8 }, (_, i) => bytes.readFloatLE(i * 4))).toEqual(v);
  });
});

describe("vision", () => {
  const colours: [string, [number, number, number]][] = [
    ["red", [210, 25, 30]],
    ["green", [35, 160, 60]],
    ["blue", [25, 50, 210]],
    ["yellow", [245, 225, 30]],
    ["black", [5, 5, 5]],
    ["white", [250, 250, 250]],
  ];
  test.each(colours)("%s PNG and JPEG", (name, rgb) => {
    expect(dominantColour(decodeDataUrl(pngDataUrl(rgb)))).toBe(name);
    expect(dominantColour(decodeDataUrl(jpegDataUrl(rgb, 32)))).toBe(name);
  });
  test("the majority colour wins", () => {
    const png = new PNG({ width: 10, height: 10 });
    for (let i = 0; i < 100; i++) png.data.set(i < 70 ? [20, 40, 220, 255] : [220, 20, 20, 255], i * 4);
    expect(dominantColour(decodeDataUrl(`data:image/png;base64,${PNG.sync.write(png).toString("base64")}`))).toBe(
      "blue",
    );
  });
  test("undecodable data is an ImageDecodeError", () => {
    expect(() => decodeDataUrl("data:image/png;base64,iVBORw0KGgoAAAA")).toThrow(ImageDecodeError);
    expect(() => decodeDataUrl("https://example.com/a.png")).toThrow(ImageDecodeError);
  });
});

describe("text model and tools", () => {
  test("literal instructions are obeyed", () => {
    expect(generateReply("Count from 3 to 7", createRng(1))).toBe("3, 4, 5, 6, 7");
    expect(generateReply('Repeat after me: "open sesame"', createRng(1))).toBe("open sesame");
    expect(generateReply("Tell me about otters", createRng(1))).toMatch(/otters/);
  });
  test("tool matching uses the name and the description", () => {
    const tool = {
      type: "function" as const,
      function: { name: "searchFlights", description: "Find airline tickets between airports" },
    };
    expect(toolMatches(tool, "Can you search for something?")).toBe(true);
    expect(toolMatches(tool, "I need airline tickets")).toBe(true);
    expect(toolMatches(tool, "Tell me a joke")).toBe(false);
    expect(stringHint("What is the weather in Lisbon today?")).toBe("Lisbon");
  });
  test("+flaky fails exactly the configured share, spread out", () => {
    const fails = (rate: number) => Array.from({ length: 100 }, (_, i) => isFlakyFailure(i, rate));
    expect(fails(0.5).filter(Boolean).length).toBe(50);
    expect(fails(0.25).filter(Boolean).length).toBe(25);
    expect(fails(0).some(Boolean)).toBe(false);
    expect(fails(1).every(Boolean)).toBe(true);
  });
});
