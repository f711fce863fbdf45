import { expect, test } from "vitest";
import type { ChatEvent } from "@/lib/schemas/playground";
import { MalformedStreamError, readChatEvents } from "./sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

const sse = (event: ChatEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

test("events split across chunks (even inside a multi-byte character) arrive whole and in order", async () => {
  const text = sse({ type: "delta", content: "Grüße " }) + sse({ type: "delta", content: "🙂" });
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.slice(i, i + 7));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(p);
      controller.close();
    },
  });
  const seen: ChatEvent[] = [];
  await readChatEvents(body, (e) => seen.push(e));
  expect(seen).toEqual([
    { type: "delta", content: "Grüße " },
    { type: "delta", content: "🙂" },
  ]);
});

test("unknown event types are skipped; a stream without a final event simply ends", async () => {
  const seen: string[] = [];
  await readChatEvents(
    streamOf([
      `event: later\ndata: {"type":"later"}\n\n`,
      `event: toString\ndata: {"type":"toString"}\n\n`,
      sse({ type: "delta", content: "a" }),
    ]),
    (e) => seen.push(e.type),
  );
  expect(seen).toEqual(["delta"]);
});

test("an event that is not JSON rejects with MalformedStreamError", async () => {
  const seen: string[] = [];
  const read = readChatEvents(streamOf([sse({ type: "delta", content: "a" }), "event: delta\ndata: {oops\n\n"]), (e) =>
    seen.push(e.type),
  );
  await expect(read).rejects.toBeInstanceOf(MalformedStreamError);
  expect(seen).toEqual(["delta"]);
});
