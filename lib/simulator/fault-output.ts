/**
 * Faults that damage a response already built: `+cut` drops the connection part-way
 * (the body stream errors, and the Node adapter destroys the socket), `+malformed` sends
 * invalid JSON or a broken SSE frame.
 */

import { isEventStream, sleep } from "./http";

const CUT_PAUSE_MS = 50;

/** Reason given to the generator when a fault, not the client, stops a stream. */
export const FAULT_CANCEL_REASON = "simulator-fault";

const BROKEN_FRAME =
  'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"unterminat\n\n';

function wrapStream(
  response: Response,
  afterFrames: number,
  onLimit: (controller: ReadableStreamDefaultController<Uint8Array>) => void | Promise<void>,
): Response {
  const body = response.body;
  if (!body) return response;
  const reader = body.getReader();
  let frames = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (frames >= afterFrames) {
          await reader.cancel(FAULT_CANCEL_REASON);
          await onLimit(controller);
          return;
        }
        const { value, done } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        frames++;
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, { status: response.status, headers: response.headers });
}

/** `+cut`: the body stops after `afterFrames` frames (streams) or half the bytes (JSON), then errors. */
export async function cutResponse(response: Response, afterFrames: number): Promise<Response> {
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>): void =>
    controller.error(new Error("simulated connection cut"));
  // A short pause lets the client consume the frames it already has before the drop.
  if (isEventStream(response))
    return wrapStream(response, afterFrames, (controller) => sleep(CUT_PAUSE_MS).then(() => fail(controller)));
  const bytes = new Uint8Array(await response.arrayBuffer());
  const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent) return sleep(CUT_PAUSE_MS).then(() => fail(controller));
      sent = true;
      controller.enqueue(half);
    },
  });
  return new Response(stream, { status: response.status, headers: response.headers });
}

/** `+malformed`: a broken SSE frame after `afterFrames` frames, or a truncated JSON body. */
export async function malformResponse(response: Response, afterFrames: number): Promise<Response> {
  const encoder = new TextEncoder();
  if (isEventStream(response)) {
    return wrapStream(response, afterFrames, (controller) => {
      controller.enqueue(encoder.encode(BROKEN_FRAME));
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
    });
  }
  const text = await response.text();
  const truncated = text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
  return new Response(truncated, { status: response.status, headers: response.headers });
}
