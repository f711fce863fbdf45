/**
 * llama-server's request checks in the b4748-era build (February 2025), step by step and in
 * its order: `oaicompat_completion_params_parse` (examples/server/utils.hpp, both overloads)
 * and the `common_chat_*_parse_oaicompat` helpers it calls (common/chat.cpp, added by
 * ggml-org/llama.cpp#11900, "tool-call: refactor common chat / tool-call api").
 *
 * Sources read: examples/server/utils.hpp at 15ae7dd5 (the same checks just before #11900),
 * the post-#11900 copy of that function in gpustack/llama-box (which calls
 * `common_chat_msgs_parse_oaicompat` / `common_chat_tools_parse_oaicompat`, still with
 * "Cannot use tools with stream"), and common/chat.cpp at 85c9a504 for the helpers' texts.
 * Every `throw std::runtime_error` there reaches `ex_wrapper` (examples/server/server.cpp),
 * which answers any std::exception with HTTP 500 and `"type":"server_error"`.
 */
import { SimulatorHttpError } from "../http";

/** The literal messages, each from the function named beside it. */
export const LLAMACPP_TEXT = {
  /** utils.hpp, both `oaicompat_completion_params_parse` overloads: `json_value(body, "n", 1) != 1`. */
  n: "Only one completion choice is allowed",
  /** utils.hpp: `if (stream) throw …` for a non-empty `tools` array (lifted by PR #12379, May 2025). */
  toolsStream: "Cannot use tools with stream",
  /** utils.hpp: non-empty `tools` on a server started without `--jinja` (checked after the stream check). */
  toolsJinja: "tools param requires --jinja flag",
  /** utils.hpp: a non-null `tool_choice` without `--jinja`. */
  toolChoiceJinja: "Unsupported param: tool_choice",
  /** server.cpp `handle_chat_completions` / `handle_completions_impl` with `--embeddings` (501). */
  embeddingsOnly: "This server does not support completions. Start it without `--embeddings`",
  /** server.cpp `handle_embeddings_impl` without `--embeddings` (501). */
  noEmbeddings: "This server does not support embeddings. Start it with `--embeddings`",
  /** server.cpp `middleware_server_state` while the model loads (503, `format_error_response`). */
  loading: "Loading model",
  /** server.cpp `set_error_handler` for any unknown route (404). */
  notFound: "File Not Found",
} as const;

/** A 500 `server_error`, as `ex_wrapper` answers every exception thrown while parsing. */
function fail(message: string): never {
  throw new SimulatorHttpError(500, message, { type: "server_error" });
}

/** nlohmann's `type_name()` of a JSON value. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value === "number" ? "number" : typeof value;
}

/** `json_value(body, key, default)`: the value when present, not null and of the default's type. */
function jsonValue<T>(body: Record<string, unknown>, key: string, fallback: T): T {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof fallback === "number") return (Number.isInteger(value) ? value : fallback) as T;
  return (typeof value === typeof fallback ? value : fallback) as T;
}

/** nlohmann `dump(2)`: 2-space indent, keys in the order they arrived (ordered_json). */
function dump2(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * `function.at(key)`: nlohmann's out_of_range.403 when the key is missing, type_error.302
 * when a string was expected and something else came.
 */
function at(object: Record<string, unknown>, key: string, mustBeString: boolean): void {
  if (!(key in object)) throw new Error(`[json.exception.out_of_range.403] key '${key}' not found`);
  const value = object[key];
  if (mustBeString && typeof value !== "string") {
    throw new Error(`[json.exception.type_error.302] type must be string, but is ${typeName(value)}`);
  }
}

/**
 * `common_chat_msgs_parse_oaicompat`: only `text` content parts. (Before #11900, utils.hpp
 * 15ae7dd5 `format_chat` silently skipped parts without a `text` key: an image was dropped
 * with HTTP 200. Issue 12 saw this build refuse images outright, echoing the request, which is
 * the post-#11900 behaviour — as is its refusal of tools without `description`, so b4748 is
 * modelled as post-#11900; the exact build of #11900's merge is not verified.) The early version appended
 * the whole `messages` array (dump(2)) to its error; later builds commented that out
 * ("disable otherwise it's bloating the API response", common/chat.cpp 85c9a504), and issue 12
 * saw the echo (base64 image included) from this build.
 */
function parseMessages(messages: unknown): void {
  if (!Array.isArray(messages)) return;
  try {
    for (const message of messages) {
      if (typeof message !== "object" || message === null) continue;
      const content = (message as Record<string, unknown>).content;
      if (!Array.isArray(content)) continue;
      for (const part of content as unknown[]) {
        const record = typeof part === "object" && part !== null ? (part as Record<string, unknown>) : {};
        if (!("type" in record)) throw new Error(`Missing content part type: ${JSON.stringify(part)}`);
        if (record.type !== "text") throw new Error(`Unsupported content part type: ${JSON.stringify(record.type)}`);
      }
    }
  } catch (error) {
    fail(`Failed to parse messages: ${(error as Error).message}; messages = ${dump2(messages)}`);
  }
}

/**
 * `common_chat_tools_parse_oaicompat`: `{ function.at("name"), function.at("description"),
 * function.at("parameters").dump() }` — in this build `description` and `parameters` are
 * required (observed: nlpodyssey/openai-agents-go#27, lemonade-sdk/lemonade#540; later builds
 * read them with `value(…, default)`).
 */
function parseTools(tools: unknown): void {
  if (tools === null || tools === undefined) return;
  try {
    if (!Array.isArray(tools)) throw new Error(`Expected 'tools' to be an array, got ${JSON.stringify(tools)}`);
    for (const tool of tools as unknown[]) {
      const record = typeof tool === "object" && tool !== null ? (tool as Record<string, unknown>) : {};
      if (!("type" in record)) throw new Error(`Missing tool type: ${JSON.stringify(tool)}`);
      if (record.type !== "function") throw new Error(`Unsupported tool type: ${JSON.stringify(tool)}`);
      if (!("function" in record)) throw new Error(`Missing tool function: ${JSON.stringify(tool)}`);
      const fn = typeof record.function === "object" && record.function !== null ? record.function : {};
      at(fn as Record<string, unknown>, "name", true);
      at(fn as Record<string, unknown>, "description", true);
      at(fn as Record<string, unknown>, "parameters", false);
    }
  } catch (error) {
    fail(`Failed to parse tools: ${(error as Error).message}; tools = ${dump2(tools)}`);
  }
}

/** How one llama-server was started. */
export interface LlamacppFlags {
  jinja: boolean;
  embeddings: boolean;
}

/** `POST /v1/chat/completions`: `handle_chat_completions` then the chat overload of the parse. */
export function llamacppChatChecks(flags: LlamacppFlags, body: Record<string, unknown>): void {
  if (flags.embeddings) {
    throw new SimulatorHttpError(501, LLAMACPP_TEXT.embeddingsOnly, { type: "not_supported_error" });
  }
  const tools = body.tools ?? null;
  const hasTools = Array.isArray(tools) && tools.length > 0;
  if (hasTools) {
    if (jsonValue<boolean>(body, "stream", false)) fail(LLAMACPP_TEXT.toolsStream);
    if (!flags.jinja) fail(LLAMACPP_TEXT.toolsJinja);
  }
  if (!flags.jinja && body.tool_choice !== undefined && body.tool_choice !== null) fail(LLAMACPP_TEXT.toolChoiceJinja);
  const grammar = jsonValue<string>(body, "grammar", "");
  if (body.json_schema !== undefined && body.json_schema !== null && grammar !== "") {
    fail("Cannot use both json_schema and grammar");
  }
  const format = jsonValue<Record<string, unknown>>(body, "response_format", {});
  const formatType = jsonValue<string>(format, "type", "");
  if (!["", "text", "json_object", "json_schema"].includes(formatType)) {
    fail(`response_format type must be one of "text" or "json_object", but got: ${formatType}`);
  }
  parseMessages(body.messages);
  parseTools(tools);
  // `json_value(body, "tool_choice", std::string("auto"))`: an object is the wrong type, so
  // it falls back to "auto" with a warning in the log: object-form tool_choice is ignored.
  const toolChoice = jsonValue<string>(body, "tool_choice", "auto");
  if (!["auto", "none", "required"].includes(toolChoice)) fail(`Invalid tool_choice: ${toolChoice}`);
  if (hasTools && toolChoice !== "none" && "grammar" in body) fail("Cannot use custom grammar constraints with tools.");
  if (jsonValue<number>(body, "n", 1) !== 1) fail(LLAMACPP_TEXT.n);
  if (!jsonValue<boolean>(body, "logprobs", false) && body.top_logprobs !== undefined && body.top_logprobs !== null) {
    fail("top_logprobs requires logprobs to be set to true");
  }
}

/** `POST /v1/completions`: the legacy overload of the parse, then `handle_completions_impl`. */
export function llamacppCompletionChecks(flags: LlamacppFlags, body: Record<string, unknown>): void {
  if (!("prompt" in body)) fail('"prompt" is required');
  if (jsonValue<number>(body, "n", 1) !== 1) fail(LLAMACPP_TEXT.n);
  for (const param of ["best_of", "echo", "suffix"]) {
    if (param in body) fail(`Unsupported param: ${param}`);
  }
  if (flags.embeddings) {
    throw new SimulatorHttpError(501, LLAMACPP_TEXT.embeddingsOnly, { type: "not_supported_error" });
  }
}
