import { isRecord } from "../json";
import type { ResponsesBody, ResponsesInputItem } from "./request";

/**
 * The Responses API over chat completions, both ways, for servers that lack `/v1/responses`
 * (the gateway's bridge) and for the simulator's servers that have it (llama.cpp, LM Studio
 * and vLLM implement theirs the same way: convert to a chat request, convert the result).
 *
 * - {@link chatRequestOf}: a Responses request (plus the turns before it) → a chat body;
 * - {@link ResponseWriter}: what a model produced (text pieces, tool-call pieces, from chat
 *   chunks or from another server's Responses events) → the full Responses event sequence
 *   and the final `Response`, valid against OpenAI's published schemas (the `response` and
 *   `response_event` shapes in lib/server/probes/conformance.ts). One writer serves streamed
 *   and whole answers, so they cannot disagree.
 */

type Json = Record<string, unknown>;

/** A chat message (the shape sent to `/v1/chat/completions`). */
export type ChatMessage = Json & { role: string };

const hex = (n: number) => {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
};
export const newResponseId = () => `resp_${hex(24)}`;

function partsToChat(parts: readonly unknown[]): Json[] {
  return parts.filter(isRecord).map((p) => {
    if (p.type === "input_image")
      return {
        type: "image_url",
        image_url: { url: String(p.image_url), ...(p.detail ? { detail: p.detail } : {}) },
      };
    if (p.type === "refusal") return { type: "text", text: String(p.refusal ?? "") };
    return { type: "text", text: String(p.text ?? "") };
  });
}

function textOf(parts: readonly unknown[]): string {
  return parts
    .filter(isRecord)
    .map((p) => (typeof p.text === "string" ? p.text : typeof p.refusal === "string" ? p.refusal : ""))
    .join("");
}

/** Input items as chat messages: consecutive function calls become one assistant message with tool_calls. */
export function itemsToMessages(items: readonly ResponsesInputItem[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of items) {
    const type = item.type ?? "message";
    if (type === "function_call") {
      const call = {
        id: String(item.call_id),
        type: "function",
        function: { name: item.name, arguments: item.arguments },
      };
      const last = out.at(-1);
      if (last && last.role === "assistant" && Array.isArray(last.tool_calls)) (last.tool_calls as Json[]).push(call);
      else out.push({ role: "assistant", content: "", tool_calls: [call] });
      continue;
    }
    if (type === "function_call_output") {
      const output = item.output;
      out.push({
        role: "tool",
        tool_call_id: String(item.call_id),
        content: typeof output === "string" ? output : textOf(output as unknown[]),
      });
      continue;
    }
    const role = String(item.role);
    const content = item.content as string | unknown[];
    if (typeof content === "string") out.push({ role, content });
    else if (role === "assistant" || role === "system" || role === "developer")
      out.push({ role, content: textOf(content) });
    else {
      const parts = partsToChat(content);
      const onlyText = parts.every((p) => p.type === "text");
      out.push({ role, content: onlyText ? parts.map((p) => p.text).join("") : parts });
    }
  }
  return out;
}

/** The input of a request as items (a string is one user message). */
export function inputItems(input: ResponsesBody["input"]): ResponsesInputItem[] {
  return typeof input === "string" ? [{ type: "message", role: "user", content: input }] : [...input];
}

/**
 * The chat body a Responses request becomes. `history`: the items of the turns before it
 * (`previous_response_id`), without their instructions — OpenAI does not carry those over.
 */
export function chatRequestOf(
  body: ResponsesBody,
  history: readonly ResponsesInputItem[],
  model: string,
): Json & { model: string; messages: ChatMessage[]; stream?: true } {
  const messages: ChatMessage[] = [
    ...(body.instructions ? [{ role: "system", content: body.instructions }] : []),
    ...itemsToMessages([...history, ...inputItems(body.input)]),
  ];
  const tools = (body.tools ?? [])
    .filter((t) => t.type === "function")
    .map((t) => ({
      type: "function",
      function: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        ...(t.parameters ? { parameters: t.parameters } : {}),
        ...(t.strict != null ? { strict: t.strict } : {}),
      },
    }));
  const choice = body.tool_choice;
  const format = body.text?.format;
  const responseFormat =
    !format || format.type === "text"
      ? undefined
      : format.type === "json_object"
        ? { type: "json_object" }
        : {
            type: "json_schema",
            json_schema: {
              name: format.name,
              schema: format.schema,
              ...(format.description ? { description: format.description } : {}),
              ...(format.strict != null ? { strict: format.strict } : {}),
            },
          };
  return {
    model,
    messages,
    ...(tools.length ? { tools } : {}),
    ...(choice == null || !tools.length
      ? {}
      : { tool_choice: typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } } }),
    ...(body.parallel_tool_calls != null && tools.length ? { parallel_tool_calls: body.parallel_tool_calls } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
    ...(body.max_output_tokens != null ? { max_tokens: body.max_output_tokens } : {}),
    ...(body.temperature != null ? { temperature: body.temperature } : {}),
    ...(body.top_p != null ? { top_p: body.top_p } : {}),
    ...(body.reasoning?.effort ? { reasoning_effort: body.reasoning.effort } : {}),
    ...(body.user ? { user: body.user } : {}),
    ...(body.stream ? { stream: true as const } : {}),
  };
}

/** Chat usage (or a Responses server's usage) in Responses' shape. */
export function responsesUsage(raw: unknown): Json | null {
  if (!isRecord(raw)) return null;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0);
  const input = num(raw.input_tokens ?? raw.prompt_tokens);
  const output = num(raw.output_tokens ?? raw.completion_tokens);
  const inDetails = isRecord(raw.input_tokens_details)
    ? raw.input_tokens_details
    : isRecord(raw.prompt_tokens_details)
      ? raw.prompt_tokens_details
      : {};
  const outDetails = isRecord(raw.output_tokens_details)
    ? raw.output_tokens_details
    : isRecord(raw.completion_tokens_details)
      ? raw.completion_tokens_details
      : {};
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: num(inDetails.cached_tokens), cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: num(outDetails.reasoning_tokens) },
    total_tokens: input + output,
  };
}

/** The tools of the request as a Response echoes them. */
function echoedTools(body: ResponsesBody): Json[] {
  return (body.tools ?? [])
    .filter((t) => t.type === "function")
    .map((t) => ({
      type: "function",
      name: t.name,
      description: t.description ?? null,
      parameters: t.parameters ?? null,
      strict: t.strict ?? null,
    }));
}

type MessageItem = { kind: "message"; id: string; text: string; open: boolean };
type CallItem = { kind: "call"; id: string; callId: string; name: string; args: string; open: boolean };
type Item = MessageItem | CallItem;

/** How a response ended. */
export type ResponseEnd =
  | { status: "completed"; usage: unknown }
  | { status: "incomplete"; usage: unknown; reason: "max_output_tokens" | "content_filter" }
  | { status: "failed"; message: string; code?: string };

/** One Responses SSE event, numbered. */
export type ResponseEvent = Json & { type: string; sequence_number: number };

/** An event as it goes on the wire (OpenAI sends `event:` and `data:` lines, no `[DONE]`). */
export function eventFrame(event: ResponseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Builds a response from what the model produces. Call {@link start}, then {@link text}
 * and {@link toolCall} as pieces arrive, then {@link end}; each returns the events to send.
 * {@link response} is the Response object at any point.
 */
export class ResponseWriter {
  readonly id: string;
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private readonly items: Item[] = [];
  private readonly calls = new Map<string, CallItem>();
  /** 0 and 1 are response.created and response.in_progress, whenever they are sent. */
  private seq = 2;
  private status: "in_progress" | "completed" | "incomplete" | "failed" = "in_progress";
  private usage: Json | null = null;
  private error: Json | null = null;
  private incomplete: Json | null = null;

  constructor(
    private readonly body: ResponsesBody,
    private model: string,
    id: string = newResponseId(),
  ) {
    this.id = id;
  }

  /** The model that answered (a fallback may change it before the first event). */
  setModel(model: string): void {
    this.model = model;
  }

  private ev(type: string, fields: Json): ResponseEvent {
    return { type, sequence_number: this.seq++, ...fields };
  }

  /**
   * The two opening events. They may be asked for after the first pieces were written (a
   * gateway sends nothing until a target produced output) and still come first.
   */
  start(): ResponseEvent[] {
    return [
      { type: "response.created", sequence_number: 0, response: this.response() },
      { type: "response.in_progress", sequence_number: 1, response: this.response() },
    ];
  }

  private index(item: Item): number {
    return this.items.indexOf(item);
  }

  private closeOpen(except?: Item): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    for (const item of this.items) {
      if (!item.open || item === except) continue;
      item.open = false;
      const output_index = this.index(item);
      if (item.kind === "message") {
        const part = { type: "output_text", text: item.text, annotations: [], logprobs: [] };
        out.push(
          this.ev("response.output_text.done", {
            item_id: item.id,
            output_index,
            content_index: 0,
            text: item.text,
            logprobs: [],
          }),
          this.ev("response.content_part.done", { item_id: item.id, output_index, content_index: 0, part }),
        );
      } else {
        out.push(
          this.ev("response.function_call_arguments.done", {
            item_id: item.id,
            name: item.name,
            output_index,
            arguments: item.args,
          }),
        );
      }
      out.push(this.ev("response.output_item.done", { output_index, item: this.itemJson(item) }));
    }
    return out;
  }

  /** A piece of the reply's text. */
  text(delta: string): ResponseEvent[] {
    if (!delta) return [];
    const out: ResponseEvent[] = [];
    let item = this.items.at(-1);
    if (!item || item.kind !== "message" || !item.open) {
      out.push(...this.closeOpen());
      item = { kind: "message", id: `msg_${hex(24)}`, text: "", open: true };
      this.items.push(item);
      const output_index = this.index(item);
      out.push(
        this.ev("response.output_item.added", { output_index, item: this.itemJson(item) }),
        this.ev("response.content_part.added", {
          item_id: item.id,
          output_index,
          content_index: 0,
          part: { type: "output_text", text: "", annotations: [], logprobs: [] },
        }),
      );
    }
    item.text += delta;
    out.push(
      this.ev("response.output_text.delta", {
        item_id: item.id,
        output_index: this.index(item),
        content_index: 0,
        delta,
        logprobs: [],
      }),
    );
    return out;
  }

  /**
   * A piece of a function call: `key` tells calls apart (a chat chunk's tool-call index, a
   * Responses item id); the first piece of a call brings its name and id.
   */
  toolCall(
    key: string,
    piece: { callId?: string | null; name?: string | null; args?: string | null },
  ): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    let call = this.calls.get(key);
    if (!call) {
      out.push(...this.closeOpen());
      call = {
        kind: "call",
        id: `fc_${hex(24)}`,
        callId: piece.callId || `call_${hex(12)}`,
        name: piece.name ?? "",
        args: "",
        open: true,
      };
      this.calls.set(key, call);
      this.items.push(call);
      out.push(this.ev("response.output_item.added", { output_index: this.index(call), item: this.itemJson(call) }));
    } else if (piece.name && !call.name) call.name = piece.name;
    if (piece.args) {
      call.args += piece.args;
      out.push(
        this.ev("response.function_call_arguments.delta", {
          item_id: call.id,
          output_index: this.index(call),
          delta: piece.args,
        }),
      );
    }
    return out;
  }

  /** What was produced so far holds any text or call. */
  get hasOutput(): boolean {
    return this.items.length > 0;
  }

  /** Closes every item and the response. */
  end(end: ResponseEnd): ResponseEvent[] {
    const out = this.closeOpen();
    if (end.status === "failed") {
      this.status = "failed";
      this.error = { code: end.code ?? "server_error", message: end.message };
      out.push(this.ev("response.failed", { response: this.response() }));
      return out;
    }
    this.usage = responsesUsage(end.usage);
    this.status = end.status;
    if (end.status === "incomplete") {
      this.incomplete = { reason: end.reason };
      out.push(this.ev("response.incomplete", { response: this.response() }));
    } else out.push(this.ev("response.completed", { response: this.response() }));
    return out;
  }

  private itemJson(item: Item): Json {
    const status = item.open ? "in_progress" : this.status === "incomplete" ? "incomplete" : "completed";
    if (item.kind === "message")
      return {
        id: item.id,
        type: "message",
        role: "assistant",
        status,
        content: item.open ? [] : [{ type: "output_text", text: item.text, annotations: [], logprobs: [] }],
      };
    return {
      id: item.id,
      type: "function_call",
      call_id: item.callId,
      name: item.name,
      arguments: item.open ? "" : item.args,
      status,
    };
  }

  /** The output as input items for the next turn (what `previous_response_id` continues from). */
  outputItems(): ResponsesInputItem[] {
    return this.items.map((item) =>
      item.kind === "message"
        ? { type: "message", role: "assistant", content: [{ type: "output_text", text: item.text }] }
        : { type: "function_call", call_id: item.callId, name: item.name, arguments: item.args },
    );
  }

  /** The text of every message item. */
  get outputText(): string {
    return this.items.map((i) => (i.kind === "message" ? i.text : "")).join("");
  }

  /** The Response object as it stands. */
  response(): Json {
    const b = this.body;
    const done = this.status !== "in_progress";
    const format = b.text?.format ?? { type: "text" };
    return {
      id: this.id,
      object: "response",
      created_at: this.createdAt,
      status: this.status,
      ...(this.status === "completed" ? { completed_at: Math.floor(Date.now() / 1000) } : {}),
      background: false,
      error: this.error,
      incomplete_details: this.incomplete,
      instructions: b.instructions ?? null,
      max_output_tokens: b.max_output_tokens ?? null,
      model: this.model,
      output: done ? this.items.map((i) => this.itemJson(i)) : [],
      parallel_tool_calls: b.parallel_tool_calls ?? true,
      previous_response_id: b.previous_response_id ?? null,
      store: b.store ?? true,
      temperature: b.temperature ?? null,
      text: { format },
      tool_choice: b.tool_choice ?? "auto",
      tools: echoedTools(b),
      top_p: b.top_p ?? null,
      truncation: "disabled",
      metadata: b.metadata ?? {},
      ...(this.usage ? { usage: this.usage } : {}),
    };
  }
}

/** Feeds one chat completion chunk's first choice to `writer`; returns the events and any finish reason. */
export function writeChatChunk(
  writer: ResponseWriter,
  chunk: unknown,
): { events: ResponseEvent[]; finishReason: string | null } {
  const events: ResponseEvent[] = [];
  const choice = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices.find(isRecord) : undefined;
  if (!choice) return { events, finishReason: null };
  const delta = isRecord(choice.delta) ? choice.delta : {};
  if (typeof delta.content === "string") events.push(...writer.text(delta.content));
  if (typeof delta.refusal === "string") events.push(...writer.text(delta.refusal));
  if (Array.isArray(delta.tool_calls)) {
    for (const [i, tc] of delta.tool_calls.entries()) {
      if (!isRecord(tc)) continue;
      const fn = isRecord(tc.function) ? tc.function : {};
      events.push(
        ...writer.toolCall(String(typeof tc.index === "number" ? tc.index : i), {
          callId: typeof tc.id === "string" ? tc.id : null,
          name: typeof fn.name === "string" ? fn.name : null,
          args: typeof fn.arguments === "string" ? fn.arguments : null,
        }),
      );
    }
  }
  return { events, finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null };
}

/** How a chat finish reason ends a response. */
export function endOfChat(finishReason: string | null, usage: unknown): ResponseEnd {
  if (finishReason === "length") return { status: "incomplete", reason: "max_output_tokens", usage };
  if (finishReason === "content_filter") return { status: "incomplete", reason: "content_filter", usage };
  return { status: "completed", usage };
}

/** A whole chat completion fed to `writer` (the non-streamed bridge); returns how it ends. */
export function writeChatCompletion(writer: ResponseWriter, completion: unknown): ResponseEnd {
  const c = isRecord(completion) ? completion : {};
  const choice = Array.isArray(c.choices) ? c.choices.find(isRecord) : undefined;
  const message = choice && isRecord(choice.message) ? choice.message : {};
  const text =
    typeof message.content === "string" ? message.content : typeof message.refusal === "string" ? message.refusal : "";
  writer.text(text);
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord) : [];
  calls.forEach((tc, i) => {
    const fn = isRecord(tc.function) ? tc.function : {};
    writer.toolCall(String(i), {
      callId: typeof tc.id === "string" ? tc.id : null,
      name: typeof fn.name === "string" ? fn.name : null,
      args: typeof fn.arguments === "string" ? fn.arguments : "",
    });
  });
  return endOfChat(typeof choice?.finish_reason === "string" ? choice.finish_reason : null, c.usage);
}

/**
 * Feeds one event of another server's Responses stream to `writer` (the gateway's native
 * pass-through): text and function-call pieces only, so whatever that server's events lack
 * (sequence numbers, `logprobs`, item ids — llama.cpp#19720) the client's are complete.
 * Returns the end when the event ends the response.
 */
export function writeResponsesEvent(
  writer: ResponseWriter,
  event: unknown,
): { events: ResponseEvent[]; end?: ResponseEnd } {
  const e = isRecord(event) ? event : {};
  const type = typeof e.type === "string" ? e.type : "";
  const item = isRecord(e.item) ? e.item : {};
  const key =
    typeof e.item_id === "string" ? e.item_id : typeof item.id === "string" ? item.id : String(e.output_index);
  switch (type) {
    case "response.output_text.delta":
    case "response.refusal.delta":
      return { events: writer.text(typeof e.delta === "string" ? e.delta : "") };
    case "response.output_item.added":
      if (item.type !== "function_call") return { events: [] };
      return {
        events: writer.toolCall(key, {
          callId: typeof item.call_id === "string" ? item.call_id : null,
          name: typeof item.name === "string" ? item.name : null,
          args: typeof item.arguments === "string" ? item.arguments : null,
        }),
      };
    case "response.function_call_arguments.delta":
      return { events: writer.toolCall(key, { args: typeof e.delta === "string" ? e.delta : null }) };
    case "response.completed":
    case "response.incomplete": {
      const response = isRecord(e.response) ? e.response : {};
      // A server that sent the whole output only in the final event.
      const events: ResponseEvent[] = [];
      if (!writer.hasOutput) {
        const output = Array.isArray(response.output) ? response.output.filter(isRecord) : [];
        for (const o of output) {
          if (o.type === "message")
            events.push(...writer.text(textOf(Array.isArray(o.content) ? (o.content as unknown[]) : [])));
          else if (o.type === "function_call")
            events.push(
              ...writer.toolCall(String(o.id ?? o.call_id), {
                callId: typeof o.call_id === "string" ? o.call_id : null,
                name: typeof o.name === "string" ? o.name : null,
                args: typeof o.arguments === "string" ? o.arguments : "",
              }),
            );
        }
      }
      const details = isRecord(response.incomplete_details) ? response.incomplete_details : {};
      const end: ResponseEnd =
        type === "response.incomplete"
          ? {
              status: "incomplete",
              usage: response.usage,
              reason: details.reason === "content_filter" ? "content_filter" : "max_output_tokens",
            }
          : { status: "completed", usage: response.usage };
      return { events, end };
    }
    case "response.failed": {
      const response = isRecord(e.response) ? e.response : {};
      const error = isRecord(response.error) ? response.error : {};
      return {
        events: [],
        end: { status: "failed", message: typeof error.message === "string" ? error.message : "the response failed" },
      };
    }
    case "error":
      return {
        events: [],
        end: {
          status: "failed",
          message: typeof e.message === "string" ? e.message : "the server sent an error event",
        },
      };
    default:
      return { events: [] };
  }
}

/** A whole Responses body from another server, through `writer` (the non-streamed pass-through). */
export function writeResponsesBody(writer: ResponseWriter, body: unknown): ResponseEnd {
  const r = isRecord(body) ? body : {};
  const type =
    r.status === "incomplete"
      ? "response.incomplete"
      : r.status === "failed"
        ? "response.failed"
        : "response.completed";
  return writeResponsesEvent(writer, { type, response: r }).end!;
}
