import { sseTypedEvent } from "../sse-frame";
import { echoedTools, responsesUsage } from "./echo";
import type { ResponsesBody, ResponsesInputItem } from "./request";

/**
 * The way back from a model's output to the Responses API: {@link ResponseWriter} turns text
 * and tool-call pieces (from chat chunks or from another server's Responses events, see
 * feed.ts) into the full event sequence and the final `Response`, valid against OpenAI's
 * published schemas (the `response` and `response_event` shapes of
 * lib/server/probes/conformance.ts). One writer serves streamed and whole answers, so they
 * cannot disagree.
 */

type Json = Record<string, unknown>;

const hex = (n: number) => {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
};
export const newResponseId = () => `resp_${hex(24)}`;

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
export const eventFrame: (event: ResponseEvent) => string = sseTypedEvent;

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
