/**
 * Feature checks for the table-driven profile test: each one calls a simulated server
 * through the official SDK and classifies what it observed, independently of how the
 * simulator implements it (content checked with ajv, parsing, token counts).
 */
import type OpenAI from "openai";
import type { Check } from "./test-checks-base";
import { chat, content, fail, ok } from "./test-checks-base";
import { TOOL_CHECKS } from "./test-checks-tools";
import { cosine, jpegDataUrl, pngDataUrl, schemaErrors } from "./test-support";

export { type Check, type Fixture, type Observed, observe } from "./test-checks-base";

/** A json_schema with required fields, enums, nesting, arrays, const and bounds. */
export const PERSON_SCHEMA = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 2, maxLength: 40 },
    age: { type: "integer", minimum: 0, maximum: 120 },
    role: { type: "string", enum: ["admin", "editor", "viewer"] },
    kind: { const: "person" },
    address: {
      type: "object",
      properties: { city: { type: "string" }, zip: { type: "string", maxLength: 5 } },
      required: ["city", "zip"],
      additionalProperties: false,
    },
    tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
    score: { type: ["number", "null"], exclusiveMinimum: 0, maximum: 1 },
  },
  required: ["name", "age", "role", "kind", "address", "tags", "score"],
  additionalProperties: false,
};

/** Limit check shared by max_tokens and max_completion_tokens. */
function limitCheck(field: "max_tokens" | "max_completion_tokens"): Check {
  return async (client, f) => {
    const res = await chat(client, { model: f.chat, seed: 7, [field]: 3 });
    const used = res.usage?.completion_tokens ?? fail("no usage", res);
    if (res.choices[0]?.finish_reason === "length" && used <= 3) return ok("honoured");
    if (res.choices[0]?.finish_reason === "stop" && used > 3) return ok("ignored");
    return fail("inconsistent limit", res);
  };
}

function imageCheck(which: "vision" | "noVision", url: () => string, colour: string): Check {
  return async (client, f) => {
    const model = f[which] ?? fail("fixture has no model for", which);
    const res = await chat(client, {
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What colour is this image?" },
            { type: "image_url", image_url: { url: url() } },
          ],
        },
      ],
    });
    return content(res).toLowerCase().includes(colour) ? ok("honoured") : ok("ignored");
  };
}

/** Every feature check, by the name the expectation table uses. */
export const CHECKS = {
  n: async (client, f) => {
    const res = await chat(client, { model: f.chat, n: 2 });
    return res.choices.length === 2
      ? ok("honoured")
      : res.choices.length === 1
        ? ok("ignored")
        : fail("choices", res.choices.length);
  },
  max_tokens: limitCheck("max_tokens"),
  max_completion_tokens: limitCheck("max_completion_tokens"),
  stop: async (client, f) => {
    const full = content(await chat(client, { model: f.chat, seed: 11 }));
    const word = full.split(" ")[4] ?? fail("short reply", full);
    const cut = content(await chat(client, { model: f.chat, seed: 11, stop: [word] }));
    if (cut === full.slice(0, full.indexOf(word))) return ok("honoured");
    return cut === full ? ok("ignored") : fail("stop cut elsewhere", { full, cut, word });
  },
  seed: async (client, f) => {
    const [a, b, c, d, e] = await Promise.all(
      [1, 1, 2, undefined, undefined].map(async (seed) => content(await chat(client, { model: f.chat, seed }))),
    );
    if (a === b && a !== c && d !== e) return ok("honoured");
    return a !== b ? ok("ignored") : fail("seed outcome", { a, b, c, d, e });
  },
  logprobs: async (client, f) => {
    const res = await chat(client, { model: f.chat, logprobs: true, top_logprobs: 2 });
    const lp = res.choices[0]?.logprobs?.content;
    if (!lp) return ok("ignored");
    const joined = lp.map((t) => t.token).join("");
    const sane = lp.every(
      (t) => t.logprob <= 0 && t.top_logprobs.length === 2 && t.bytes?.length === Buffer.byteLength(t.token),
    );
    return joined === content(res) && sane ? ok("honoured") : fail("logprobs", lp);
  },
  json_object: async (client, f) => {
    const text = content(
      await chat(client, { model: f.chat, response_format: { type: "json_object" } }, "Describe a cat as JSON"),
    );
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? ok("honoured") : ok("ignored");
    } catch {
      return ok("ignored");
    }
  },
  json_schema: async (client, f) => {
    const res = await chat(
      client,
      {
        model: f.chat,
        response_format: { type: "json_schema", json_schema: { name: "person", schema: PERSON_SCHEMA, strict: true } },
      },
      "Invent a person",
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(content(res));
    } catch {
      return ok("ignored");
    }
    return schemaErrors(PERSON_SCHEMA, parsed) === undefined ? ok("honoured") : ok("unenforced");
  },
  stream_usage: async (client, f) => {
    const stream = await client.chat.completions.create({
      model: f.chat,
      stream: true,
      seed: 5,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Tell me about owls" }],
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    const full = content(await chat(client, { model: f.chat, seed: 5 }, "Tell me about owls"));
    const last = chunks[chunks.length - 1];
    if (text !== full || chunks.length < 4) fail("stream text", { text, full });
    // One delta per token: the billed tokens equal the content chunks.
    const contentChunks = chunks.filter((c) => (c.choices[0]?.delta.content ?? "") !== "").length;
    return last?.choices.length === 0 && last.usage?.completion_tokens === contentChunks
      ? ok("honoured")
      : last?.usage
        ? fail("usage", last)
        : ok("ignored");
  },
  vision_png: imageCheck("vision", () => pngDataUrl([230, 20, 20]), "red"),
  vision_jpeg: imageCheck("vision", () => jpegDataUrl([20, 40, 230]), "blue"),
  image_on_text_model: imageCheck("noVision", () => pngDataUrl([20, 200, 40]), "green"),
  image_http: async (client, f) => {
    const model = f.vision ?? fail("no vision model", f);
    await chat(client, {
      model,
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.png" } }] }],
    });
    return ok("honoured");
  },
  embeddings: async (client, f) => {
    const model = f.embedding ?? f.chat;
    const texts = ["The cat sat on the mat", "A cat was sitting on the mat", "Quarterly revenue grew by nine percent"];
    const res = await client.embeddings.create({ model, input: texts, encoding_format: "float" });
    const vectors = res.data.map((d) => d.embedding);
    const [a = [], b = [], c = []] = vectors;
    const units = vectors.every((v) => Math.abs(Math.hypot(...v) - 1) < 1e-3 && v.length === f.embeddingDims);
    return vectors.length === 3 && units && cosine(a, b) > cosine(a, c)
      ? ok("honoured")
      : fail("embeddings", { units, len: a.length });
  },
  embeddings_base64: async (client, f) => {
    const model = f.embedding ?? f.chat;
    const floats =
      (await client.embeddings.create({ model, input: "hello world", encoding_format: "float" })).data[0]?.embedding ??
      [];
    const encoded = (await client.embeddings.create({ model, input: "hello world", encoding_format: "base64" })).data[0]
      ?.embedding as unknown;
    if (typeof encoded !== "string") fail("not base64", typeof encoded);
    const bytes = Buffer.from(encoded, "base64");
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    return decoded.length === floats.length && decoded.every((v, i) => v === floats[i])
      ? ok("honoured")
      : fail("base64 mismatch", decoded.length);
  },
  completions: async (client, f) => {
    const res = await client.completions.create({ model: f.completion, prompt: "Once upon a time", max_tokens: 5 });
    const choice = res.choices[0];
    return res.object === "text_completion" &&
      choice?.finish_reason === "length" &&
      (res.usage?.completion_tokens ?? 0) === 5 &&
      choice.text.length > 0
      ? ok("honoured")
      : fail("completion", res);
  },
  unknown_model: async (client) => {
    await chat(client, { model: "no-such-model-xyz" });
    return ok("ignored");
  },
  ...TOOL_CHECKS,
} satisfies Record<string, Check>;

/** Name of a feature check. */
export type CheckName = keyof typeof CHECKS;
