/**
 * `POST /v1/responses` on the profiles whose real server serves it. Every one of those
 * implements it over its chat path (llama.cpp's `convert_responses_to_chatcmpl`, vLLM's
 * serving_responses.py, LM Studio's 0.3.29 release), and so does this: the request becomes a
 * chat request (lib/responses/bridge.ts), the profile's chat handler answers it with all its
 * quirks, and the answer is written back as a Response or its event stream.
 */
import { EventSourceParserStream } from "eventsource-parser/stream";
import { chatRequestOf } from "../responses/to-chat";
import { ResponseWriter, eventFrame, type ResponseEvent } from "../responses/writer";
import { endOfChat, writeChatChunk, writeChatCompletion } from "../responses/feed";
import {
  type ResponsesInputItem,
  refusedResponsesFeature,
  responsesBodySchema,
  unknownResponsesField,
} from "../responses/request";
import { handleChat } from "./chat";
import type { HandlerContext } from "./context";
import { SimulatorHttpError, jsonResponse } from "./http";
import { parseBody } from "./request";
import type { ResponsesEndpoint } from "./types";

/** Responses a stateful server keeps (one store per simulator), oldest dropped first. */
const KEPT = 500;

export type ResponseStore = Map<string, ResponsesInputItem[]>;

function keep(stored: ResponseStore, id: string, items: ResponsesInputItem[]): void {
  stored.set(id, items);
  if (stored.size > KEPT) stored.delete(stored.keys().next().value!);
}

function asEndpointError(err: unknown, endpoint: ResponsesEndpoint): unknown {
  if (!(err instanceof SimulatorHttpError) || !endpoint.errorStyle || err.options.bodyStyle) return err;
  return new SimulatorHttpError(err.status, err.message, { ...err.options, bodyStyle: endpoint.errorStyle });
}

export async function handleResponses(
  ctx: HandlerContext,
  raw: unknown,
  endpoint: ResponsesEndpoint,
  stored: ResponseStore,
): Promise<Response> {
  try {
    return await respond(ctx, raw, endpoint, stored);
  } catch (err) {
    throw asEndpointError(err, endpoint);
  }
}

async function respond(
  ctx: HandlerContext,
  raw: unknown,
  endpoint: ResponsesEndpoint,
  stored: ResponseStore,
): Promise<Response> {
  const body = parseBody(responsesBodySchema, raw);
  const unknown = unknownResponsesField(body);
  if (unknown)
    throw new SimulatorHttpError(400, `Unrecognized request argument supplied: ${unknown}`, { param: unknown });
  const refused = refusedResponsesFeature(body);
  if (refused) throw new SimulatorHttpError(400, refused.message, { param: refused.param, code: refused.code });
  let history: ResponsesInputItem[] = [];
  if (body.previous_response_id) {
    const found = endpoint.stateful ? stored.get(body.previous_response_id) : undefined;
    if (!found) {
      throw new SimulatorHttpError(
        endpoint.stateful ? 404 : 400,
        endpoint.stateful
          ? `Previous response with id '${body.previous_response_id}' not found.`
          : `'previous_response_id' is not supported by this server.`,
        { param: "previous_response_id", code: endpoint.stateful ? "previous_response_not_found" : null },
      );
    }
    history = found;
  }
  const chat = chatRequestOf(body, history, body.model);
  if (body.stream) chat.stream_options = { include_usage: true };
  const answer = await handleChat(ctx, chat);
  const writer = new ResponseWriter(body, body.model);
  const turn = [
    ...history,
    ...(typeof body.input === "string" ? [{ role: "user" as const, content: body.input }] : body.input),
  ];
  const remember = () => {
    if (endpoint.stateful && body.store !== false) keep(stored, writer.id, [...turn, ...writer.outputItems()]);
  };
  if (!body.stream) {
    writer.end(writeChatCompletion(writer, await answer.json()));
    remember();
    return jsonResponse(writer.response());
  }
  return streamResponses(answer, writer, remember);
}

/** What the chat stream has told so far that the Responses stream's end reports. */
interface ChatStreamSoFar {
  finish: string | null;
  usage: unknown;
}

/**
 * The Responses events one chat stream event (`data`, "[DONE]" at its end) makes, and how
 * it ends the stream if it does: "completed" at the chat's end, "failed" when the chat path
 * failed after its headers. An event that is not JSON makes nothing.
 */
function translateChatEvent(
  data: string,
  writer: ResponseWriter,
  soFar: ChatStreamSoFar,
): { events: ResponseEvent[]; end?: "completed" | "failed" } {
  if (data === "[DONE]") return { events: writer.end(endOfChat(soFar.finish, soFar.usage)), end: "completed" };
  let chunk: Record<string, unknown>;
  try {
    chunk = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return { events: [] };
  }
  if (chunk.error) {
    // The chat path failed after its headers: the Responses stream fails the same way.
    const error = chunk.error as { message?: unknown };
    return {
      events: writer.end({ status: "failed", message: String(error.message ?? "server error") }),
      end: "failed",
    };
  }
  if (chunk.usage) soFar.usage = chunk.usage;
  const r = writeChatChunk(writer, chunk);
  if (r.finishReason) soFar.finish = r.finishReason;
  return { events: r.events };
}

/** The chat handler's SSE answer re-written as a Responses event stream; `remember` runs once it completed. */
function streamResponses(answer: Response, writer: ResponseWriter, remember: () => void): Response {
  const encoder = new TextEncoder();
  const events = answer.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  const soFar: ChatStreamSoFar = { finish: null, usage: null };
  let ended = false;
  const send = (c: ReadableStreamDefaultController<Uint8Array>, list: ResponseEvent[]) => {
    for (const e of list) c.enqueue(encoder.encode(eventFrame(e)));
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        send(c, writer.start());
      },
      // Reads until something can be sent: a pull that enqueues nothing is not called again.
      async pull(c) {
        while (!ended) {
          let next;
          try {
            next = await reader.read();
          } catch (err) {
            ended = true;
            c.error(err);
            return;
          }
          const step = translateChatEvent(next.done ? "[DONE]" : next.value.data, writer, soFar);
          if (step.end) {
            ended = true;
            send(c, step.events);
            if (step.end === "completed") remember();
            c.close();
            return;
          }
          if (step.events.length) {
            send(c, step.events);
            return;
          }
        }
      },
      async cancel(reason) {
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
