/**
 * No request can make the simulator produce megabytes or compute for seconds: it also runs
 * on the app's own event loop (/sim). Each limit answers with the real server's message
 * where the real server has one (OpenAI's), else with the simulator's own, naming the limit.
 */
import zlib from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { MAX_EMBEDDING_INPUTS, MAX_OUTPUT_TOKENS_PER_CHOICE, MAX_TOKEN_ENTRIES_PER_RESPONSE } from "./limits";
import { type RunningSimulator, startSimulator } from "./index";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

async function post(profile: string, path: string, body: unknown) {
  const res = await fetch(`${sim.url}/${profile}/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  // The answers are checked field by field below; a loose type keeps the assertions readable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, bytes: text.length, json: JSON.parse(text) as Record<string, any> };
}

test("more than 2048 embedding inputs get OpenAI's 400, without computing a vector", async () => {
  const input = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
  const res = await post("openai", "/embeddings", { model: "text-embedding-3-small", input });
  expect(res.status).toBe(400);
  expect(res.json.error.message).toBe(
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
  );
  expect(res.json.error.param).toBe("input");
  expect(res.bytes).toBeLessThan(1000);
});

test("a batch whose vectors would exceed the simulator's answer budget is refused, naming the limit", async () => {
  const input = Array.from({ length: MAX_EMBEDDING_INPUTS }, (_, i) => `word ${i}`);
  const res = await post("openai", "/embeddings", { model: "text-embedding-3-small", input });
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe("simulator_limit");
  expect(res.json.error.message).toMatch(/at most 262144 embedding values per request: 2048 inputs × 1536 dimensions/);
  // A batch inside the budget is answered.
  const ok = await post("openai", "/embeddings", { model: "text-embedding-3-small", input: input.slice(0, 100) });
  expect(ok.status).toBe(200);
  expect(ok.json.data).toHaveLength(100);
});

test("more than 300,000 input tokens get OpenAI's max_tokens_per_request answer", async () => {
  const long = "a ".repeat(160_000);
  const res = await post("ollama", "/embeddings", { model: "nomic-embed-text", input: [long, long] });
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe("max_tokens_per_request");
  expect(res.json.error.message).toMatch(/^Requested \d+ tokens, max 300000 tokens per request$/);
});

test("n: 128 with a long echo is cut at the response's token budget (finish_reason length), not megabytes", async () => {
  const echo = "lighthouse ".repeat(80_000);
  const res = await post("openai", "/chat/completions", {
    model: "gpt-4o-mini",
    n: 128,
    messages: [{ role: "user", content: `Repeat after me: ${echo}` }],
  });
  expect(res.status).toBe(200);
  const choices = res.json.choices as { message: { content: string }; finish_reason: string }[];
  expect(choices).toHaveLength(128);
  expect(choices[0]!.finish_reason).toBe("length");
  expect(res.json.usage.completion_tokens).toBeLessThanOrEqual(MAX_TOKEN_ENTRIES_PER_RESPONSE);
  expect(choices[0]!.message.content.split("lighthouse").length - 1).toBeLessThanOrEqual(MAX_OUTPUT_TOKENS_PER_CHOICE);
  expect(res.bytes).toBeLessThan(2_000_000);
});

test("logprobs count toward the budget: top_logprobs 20 on 128 long choices stays bounded", async () => {
  const res = await post("openai", "/chat/completions", {
    model: "gpt-4o-mini",
    n: 128,
    logprobs: true,
    top_logprobs: 20,
    messages: [{ role: "user", content: `Repeat after me: ${"amber ".repeat(20_000)}` }],
  });
  expect(res.status).toBe(200);
  expect(res.bytes).toBeLessThan(15_000_000);
});

test("max_tokens above the model's output limit gets OpenAI's own 400", async () => {
  const res = await post("openai", "/chat/completions", {
    model: "gpt-4o-mini",
    max_tokens: 1_000_000,
    messages: [{ role: "user", content: "hi" }],
  });
  expect(res.status).toBe(400);
  expect(res.json.error).toMatchObject({
    message:
      "max_tokens is too large: 1000000. This model supports at most 16384 completion tokens, whereas you provided 1000000.",
    param: "max_tokens",
  });
});

test("a schema asking for a billion items or a self-reference at every level answers quickly and small", async () => {
  const schema = {
    type: "object",
    properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, { $ref: "#" }])),
    required: ["big"],
    additionalProperties: { type: "array", minItems: 1_000_000_000, items: { type: "string", minLength: 1e9 } },
  };
  const res = await post("openai", "/chat/completions", {
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi" }],
    response_format: { type: "json_schema", json_schema: { name: "x", schema } },
  });
  expect(res.status).toBe(200);
  expect(res.bytes).toBeLessThan(1_500_000);
});

/** A PNG of 40,000 × 40,000 pixels of one colour: a few hundred KB that would inflate to 6.4 GB. */
function pngBomb(): string {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(40_000, 0);
  ihdr.writeUInt32BE(40_000, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = zlib.deflateSync(Buffer.alloc(4096));
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", rows),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString("base64")}`;
}

test("an image declaring a huge canvas is refused before it is inflated", async () => {
  const res = await post("openai", "/chat/completions", {
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: pngBomb() } }] }],
  });
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe("invalid_image_format");
  expect(res.json.error.message).toMatch(/40000×40000 pixels is more than/);
});

test("a chunked body without Content-Length is cut at the limit (413), not read whole", async () => {
  const { createSimulator } = await import("./simulator");
  const simulator = createSimulator({ maxBodyBytes: 1024 });
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      if (pulled > 1000) controller.close();
      else controller.enqueue(new Uint8Array(512).fill(32));
    },
  });
  const res = await simulator.handle(
    new Request("http://sim/openai/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit),
  );
  expect(res.status).toBe(413);
  expect(pulled).toBeLessThan(10);
});
