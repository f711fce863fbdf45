/**
 * Turns a validated chat request into a plan: every feature passed through the profile's
 * rules (refused → thrown, ignored → dropped), so generation only sees what the simulated
 * server would actually apply.
 */
import { SimulatorHttpError, refusalError } from "./http";
import { MAX_REQUEST_PIXELS } from "./limits";
import { type ChatBody, type ChatMessage, type ChatTool, messageImages, messageText } from "./request";
import { applyFeature, applyRule, checkModelKind, resolveModel, ruleFor } from "./rules";
import type { ToolChoice } from "./tools";
import type { FeatureKey, ModelSpec, ProfileSpec } from "./types";
import { ImageDecodeError, decodeDataUrl, dominantColour } from "./vision";

/** How the content is shaped. `unenforced`: JSON that ignores the schema (LocalAI). */
export type ResponseMode =
  | { kind: "text" }
  | { kind: "json_object" }
  | { kind: "json_schema"; schema: Record<string, unknown> }
  | { kind: "unenforced" };

/** Everything generation needs, after the profile's rules. */
export interface ChatPlan {
  profile: ProfileSpec;
  model: ModelSpec;
  /** The `model` string to echo back (llama.cpp echoes whatever was asked). */
  modelName: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  n: number;
  maxTokens?: number;
  stops: string[];
  seed?: number;
  deterministic: boolean;
  logprobs: boolean;
  topLogprobs: number;
  mode: ResponseMode;
  tools: ChatTool[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  /** Content sent instead of a real answer (LocalAI's broken tools+stream). */
  garbled?: string;
  /** Dominant colours of the images the model could see, in order. */
  imageColours: string[];
  /** Images given as http(s) URLs the simulator cannot fetch. */
  remoteImages: number;
}

function toolChoiceKey(choice: ChatBody["tool_choice"]): FeatureKey {
  if (choice === undefined || choice === "auto") return "tool_choice_auto";
  if (typeof choice === "object") return "tool_choice_function";
  return choice === "none" ? "tool_choice_none" : "tool_choice_required";
}

/** Where the first image part is, as OpenAI names it in `param` (`messages.[0].content.[1].type`). */
function firstImagePath(messages: readonly ChatMessage[]): string | undefined {
  for (const [m, message] of messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    const p = message.content.findIndex((part) => part.type === "image_url");
    if (p >= 0) return `messages.[${m}].content.[${p}].type`;
  }
  return undefined;
}

function planImages(
  profile: ProfileSpec,
  model: ModelSpec,
  messages: ChatMessage[],
): Pick<ChatPlan, "imageColours" | "remoteImages"> {
  const urls = messages.flatMap(messageImages);
  if (urls.length === 0) return { imageColours: [], remoteImages: 0 };
  const remote = urls.filter((url) => /^https?:/i.test(url));
  // A server that refuses URLs does so while converting the request (Ollama's middleware),
  // before it knows whether the model can see.
  if (remote.length > 0 && ruleFor(profile, model, "image_url_http").kind === "refused") {
    applyFeature(profile, model, "image_url_http");
  }
  if (!model.vision && profile.noVisionRule.kind === "refused") {
    throw refusalError(profile.noVisionRule, model.id, model.id, {
      param: profile.noVisionRule.param && firstImagePath(messages),
    });
  }
  const rule = model.vision ? applyFeature(profile, model, "image_input") : applyRule(profile.noVisionRule, model);
  if (rule.kind !== "honoured") return { imageColours: [], remoteImages: 0 };
  // An ignored URL is dropped from the prompt, as if it had not been sent (KoboldCpp takes only data: URLs).
  const remoteSeen = remote.length > 0 && applyFeature(profile, model, "image_url_http").kind !== "ignored";
  let pixels = 0;
  const colours = urls
    .filter((url) => !/^https?:/i.test(url))
    .map((url) => {
      try {
        const image = decodeDataUrl(url);
        pixels += image.width * image.height;
        if (pixels > MAX_REQUEST_PIXELS) {
          throw new ImageDecodeError(
            `the images hold more than the ${MAX_REQUEST_PIXELS} pixels the simulator decodes`,
          );
        }
        return dominantColour(image);
      } catch (error) {
        if (!(error instanceof ImageDecodeError)) throw error;
        throw new SimulatorHttpError(
          400,
          `You uploaded an unsupported image. Please make sure your image is valid. (${error.message})`,
          {
            param: "messages",
            code: "invalid_image_format",
          },
        );
      }
    });
  return { imageColours: colours, remoteImages: remoteSeen ? remote.length : 0 };
}

function planTools(
  profile: ProfileSpec,
  model: ModelSpec,
  body: ChatBody,
): Pick<ChatPlan, "tools" | "toolChoice" | "parallelToolCalls" | "garbled"> {
  const none = { tools: [], toolChoice: "none" as const, parallelToolCalls: false };
  if (!body.tools || body.tools.length === 0) return none;
  // The `tool_choice` check comes first: vLLM refuses "auto" without looking at the model.
  const choiceRule = applyFeature(profile, model, toolChoiceKey(body.tool_choice));
  const capability = model.tools ? applyFeature(profile, model, "tools") : applyRule(profile.noToolsRule, model);
  if (capability.kind === "ignored") return none;
  let toolChoice: ToolChoice = "auto";
  if (choiceRule.kind === "honoured" && body.tool_choice !== undefined) {
    toolChoice = typeof body.tool_choice === "object" ? { name: body.tool_choice.function.name } : body.tool_choice;
  }
  if (typeof toolChoice === "object") {
    const name = toolChoice.name;
    if (!body.tools.some((tool) => tool.function.name === name)) {
      throw new SimulatorHttpError(
        400,
        `Invalid value for 'tool_choice': no function named '${name}' was specified in the 'tools' parameter.`,
        { param: "tool_choice", code: "invalid_value" },
      );
    }
  }
  let parallel = profile.parallelToolCallsDefault;
  if (
    body.parallel_tool_calls !== undefined &&
    applyFeature(profile, model, "parallel_tool_calls").kind === "honoured"
  ) {
    parallel = body.parallel_tool_calls;
  }
  const streamRule = body.stream ? applyFeature(profile, model, "tools_stream") : undefined;
  const garbled = streamRule?.kind === "garbled" ? streamRule.content : undefined;
  return { tools: body.tools, toolChoice, parallelToolCalls: parallel, garbled };
}

/** "Respond with only a JSON object", "reply with valid JSON"… in a system message. */
const JSON_INSTRUCTION = /\b(?:respond|reply|answer)\b[^.\n]{0,40}\bJSON\b/i;
/** The body of the first fenced block (```json … ```), found with indexOf: linear in the text. */
function fencedBlock(text: string): string | undefined {
  const open = text.indexOf("```");
  if (open < 0) return undefined;
  const lineEnd = text.indexOf("\n", open + 3);
  if (lineEnd < 0 || !/^(json)?\s*$/.test(text.slice(open + 3, lineEnd))) return undefined;
  const close = text.indexOf("\n```", lineEnd);
  return close < 0 ? undefined : text.slice(lineEnd + 1, close);
}

/**
 * Instruction following, as instruction-tuned models do: a system message asking for JSON
 * gets a JSON object, and one that also shows a JSON Schema (in a fenced block) gets an
 * instance of it. Switchyard's degradations (JSON mode by instruction, structured output by
 * JSON mode + schema) rely on exactly this behaviour of real models.
 */
function instructedMode(messages: ChatMessage[]): ResponseMode | undefined {
  const system = messages
    .filter((m) => m.role === "system")
    .map(messageText)
    .join("\n");
  if (!JSON_INSTRUCTION.test(system)) return undefined;
  const block = fencedBlock(system);
  if (block) {
    try {
      const schema = JSON.parse(block) as unknown;
      if (typeof schema === "object" && schema !== null && !Array.isArray(schema)) {
        return { kind: "json_schema", schema: schema as Record<string, unknown> };
      }
    } catch {
      // Not a schema: plain JSON it is.
    }
  }
  return { kind: "json_object" };
}

function objectSchema(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * llama.cpp's own fields (examples/server/utils.hpp, `oaicompat_completion_params_parse`):
 * `json_schema = json_value(body, "json_schema", json())`, replaced by `response_format.schema`
 * (or `{}`, any object) when `response_format.type` is `json_object`.
 */
function nativeMode(body: ChatBody): ResponseMode | undefined {
  const format = body.response_format;
  if (format?.type === "json_object") {
    const schema = objectSchema((format as Record<string, unknown>).schema);
    return schema && Object.keys(schema).length > 0 ? { kind: "json_schema", schema } : { kind: "json_object" };
  }
  const topLevel = objectSchema((body as Record<string, unknown>).json_schema);
  return topLevel ? { kind: "json_schema", schema: topLevel } : undefined;
}

function planMode(profile: ProfileSpec, model: ModelSpec, body: ChatBody): ResponseMode {
  const format = body.response_format;
  const native = profile.nativeSchemaFields ? nativeMode(body) : undefined;
  if (!format || format.type === "text") return native ?? instructedMode(body.messages) ?? { kind: "text" };
  if (format.type === "json_object") {
    const ignored = applyFeature(profile, model, "json_object").kind === "ignored";
    if (native && !ignored) return native;
    return instructedMode(body.messages) ?? (ignored ? { kind: "text" } : { kind: "json_object" });
  }
  const rule = applyFeature(profile, model, "json_schema");
  if (rule.kind === "ignored") return native ?? instructedMode(body.messages) ?? { kind: "text" };
  if (rule.kind === "unenforced") return { kind: "unenforced" };
  return { kind: "json_schema", schema: format.json_schema.schema ?? { type: "object" } };
}

/** Limit from a token field, or undefined when absent or ignored by the profile. */
function tokenLimit(
  profile: ProfileSpec,
  model: ModelSpec,
  key: "max_tokens" | "max_completion_tokens",
  value: number | null | undefined,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (applyFeature(profile, model, key).kind !== "honoured") return undefined;
  if (model.maxOutputTokens !== undefined && value > model.maxOutputTokens && profile.tokenLimitRule) {
    applyRule(profile.tokenLimitRule(key, value, model.maxOutputTokens), model);
  }
  return value;
}

/** Builds the plan, throwing the profile's refusals as {@link SimulatorHttpError}s. */
export function buildChatPlan(profile: ProfileSpec, body: ChatBody): ChatPlan {
  const model = resolveModel(profile, body.model);
  checkModelKind(profile, model, "chat", body.model);
  const stream = body.stream === true;
  const used = (key: FeatureKey, isUsed: boolean): boolean =>
    isUsed && applyFeature(profile, model, key).kind === "honoured";
  const tools = planTools(profile, model, body);
  const images = planImages(profile, model, body.messages);
  // vLLM renders the chat template after parsing the messages (and their images).
  if (model.chatTemplate === false && profile.noChatTemplateRule)
    throw refusalError(profile.noChatTemplateRule, model.id);
  const n = used("n", (body.n ?? 1) !== 1) ? (body.n ?? 1) : 1;
  const limits = [
    tokenLimit(profile, model, "max_tokens", body.max_tokens),
    tokenLimit(profile, model, "max_completion_tokens", body.max_completion_tokens),
  ];
  const maxTokens = limits
    .filter((v): v is number => v !== undefined)
    .reduce<number | undefined>((a, b) => (a === undefined ? b : Math.min(a, b)), undefined);
  const stopList =
    body.stop === undefined || body.stop === null ? [] : typeof body.stop === "string" ? [body.stop] : body.stop;
  const stops = used("stop", stopList.length > 0) ? stopList.filter((s) => s.length > 0) : [];
  const seeded = used("seed", body.seed !== undefined && body.seed !== null);
  const logprobs = used("logprobs", body.logprobs === true);
  const hasStreamOptions = body.stream_options !== undefined && body.stream_options !== null;
  const streamOptionsKey: FeatureKey = stream ? "stream_options" : "stream_options_without_stream";
  const includeUsage =
    used(streamOptionsKey, hasStreamOptions) && stream && body.stream_options?.include_usage === true;
  if (body.logit_bias) applyFeature(profile, model, "logit_bias");
  if (body.user !== undefined) applyFeature(profile, model, "user");
  return {
    profile,
    model,
    modelName: profile.ignoresModelField ? body.model : model.id,
    messages: body.messages,
    stream,
    includeUsage,
    n,
    maxTokens,
    stops,
    seed: seeded ? (body.seed ?? undefined) : undefined,
    deterministic: body.temperature === 0,
    logprobs,
    topLogprobs: logprobs ? (body.top_logprobs ?? 0) : 0,
    mode: planMode(profile, model, body),
    ...tools,
    ...images,
  };
}

/** The text of the last user message (what the simulated model "answers"). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return messageText(message);
  }
  return "";
}
