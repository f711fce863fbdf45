import { z } from "zod";

/**
 * `POST /v1/responses` as Switchyard reads it: what the gateway accepts at its boundary and
 * what the simulator's servers accept. Everything OpenAI documents is named here; a field
 * that is not is refused ("Unrecognized request argument supplied", OpenAI's own 400), and a
 * field that is known but cannot be honoured over chat completions (built-in tools,
 * background mode, reasoning items…) is refused by {@link refusedResponsesFeature} — never
 * silently dropped.
 */

const opt = <T extends z.ZodType>(s: T) => s.nullable().optional();

const inputText = z.looseObject({ type: z.literal("input_text"), text: z.string() });
const inputImage = z.looseObject({
  type: z.literal("input_image"),
  image_url: opt(z.string()),
  file_id: opt(z.string()),
  detail: opt(z.enum(["low", "high", "auto"])),
});
const outputText = z.looseObject({ type: z.literal("output_text"), text: z.string() });
const refusalPart = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
/** A content part of any kind (the known ones are checked, the rest refused by name). */
const contentPart = z.union([inputText, inputImage, outputText, refusalPart, z.looseObject({ type: z.string() })]);

/** An input message (`type` may be left out). */
const messageItem = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(contentPart).max(256)]),
});
const functionCallItem = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
const functionCallOutputItem = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPart).max(256)]),
});
/** Any other item type (reasoning, item_reference, web_search_call…): refused by name. */
const otherItem = z.looseObject({ type: z.string() });

export const responsesInputItemSchema = z.union([messageItem, functionCallItem, functionCallOutputItem, otherItem]);
export type ResponsesInputItem = z.infer<typeof responsesInputItemSchema>;

const functionTool = z.looseObject({
  type: z.literal("function"),
  name: z.string().min(1).max(64),
  description: opt(z.string()),
  parameters: opt(z.record(z.string(), z.unknown())),
  strict: opt(z.boolean()),
});
/** Built-in tools (web_search, file_search, …) parse here and are refused by name. */
const otherTool = z.looseObject({ type: z.string() });

const textFormat = z.union([
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
    description: opt(z.string()),
    strict: opt(z.boolean()),
  }),
]);

const FIELDS = {
  model: z.string().min(1),
  input: z.union([z.string(), z.array(responsesInputItemSchema).min(1).max(2048)]),
  instructions: opt(z.string()),
  tools: opt(z.array(z.union([functionTool, otherTool])).max(128)),
  tool_choice: opt(
    z.union([
      z.enum(["none", "auto", "required"]),
      z.looseObject({ type: z.literal("function"), name: z.string() }),
      z.looseObject({ type: z.string() }),
    ]),
  ),
  text: opt(z.looseObject({ format: opt(textFormat), verbosity: opt(z.enum(["low", "medium", "high"])) })),
  max_output_tokens: opt(z.number().int().min(16)),
  temperature: opt(z.number().min(0).max(2)),
  top_p: opt(z.number().min(0).max(1)),
  parallel_tool_calls: opt(z.boolean()),
  previous_response_id: opt(z.string().min(1).max(200)),
  stream: opt(z.boolean()),
  stream_options: opt(z.looseObject({ include_obfuscation: z.boolean().optional() })),
  store: opt(z.boolean()),
  metadata: opt(z.record(z.string().max(64), z.string().max(512))),
  reasoning: opt(
    z.looseObject({
      effort: opt(z.enum(["none", "minimal", "low", "medium", "high", "xhigh"])),
      summary: opt(z.enum(["auto", "concise", "detailed"])),
      generate_summary: opt(z.enum(["auto", "concise", "detailed"])),
    }),
  ),
  user: opt(z.string()),
  safety_identifier: opt(z.string()),
  prompt_cache_key: opt(z.string()),
  prompt_cache_retention: opt(z.string()),
  service_tier: opt(z.string()),
  truncation: opt(z.enum(["auto", "disabled"])),
  include: opt(z.array(z.string()).max(16)),
  background: opt(z.boolean()),
  top_logprobs: opt(z.number().int().min(0).max(20)),
  max_tool_calls: opt(z.number().int().min(1)),
  prompt: opt(z.unknown()),
  conversation: opt(z.unknown()),
};

export const KNOWN_RESPONSES_FIELDS: ReadonlySet<string> = new Set(Object.keys(FIELDS));

export const responsesBodySchema = z.looseObject(FIELDS);
export type ResponsesBody = z.infer<typeof responsesBodySchema>;

/** A Responses field that cannot be honoured: the 400 names it. */
export class ResponsesParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
    readonly code: string = "unsupported_parameter",
  ) {
    super(message);
    this.name = "ResponsesParamError";
  }
}

/** The first field OpenAI does not document, if any. */
export function unknownResponsesField(body: Record<string, unknown>): string | null {
  for (const key of Object.keys(body)) if (!KNOWN_RESPONSES_FIELDS.has(key)) return key;
  return null;
}

const BUILT_IN = "is a built-in OpenAI tool; Switchyard serves function tools only";

/**
 * The first known-but-unservable feature of `body`, as the error naming it; null when every
 * field can be honoured (natively or over chat completions).
 */
export function refusedResponsesFeature(body: ResponsesBody): ResponsesParamError | null {
  const refuse = (param: string, why: string) => new ResponsesParamError(param, `'${param}' ${why}.`);
  if (body.background) return refuse("background", "(background mode) is not supported by Switchyard's gateway");
  if (body.conversation != null)
    return refuse("conversation", "is not supported; chain turns with previous_response_id");
  if (body.prompt != null) return refuse("prompt", "(reusable prompts stored at OpenAI) is not supported");
  if (body.include?.length) return refuse("include", `(${body.include.join(", ")}) is not supported`);
  if (body.top_logprobs) return refuse("top_logprobs", "is not supported on /v1/responses by the gateway");
  if (body.max_tool_calls != null) return refuse("max_tool_calls", "applies to built-in tools, which are not served");
  if (body.truncation === "auto") return refuse("truncation", "'auto' is not supported (only 'disabled')");
  for (const [i, tool] of (body.tools ?? []).entries()) {
    if (tool.type !== "function") return refuse(`tools[${i}].type`, `'${tool.type}' ${BUILT_IN}`);
  }
  const choice = body.tool_choice;
  if (choice && typeof choice === "object" && choice.type !== "function")
    return refuse("tool_choice.type", `'${choice.type}' is not supported (none, auto, required or a function)`);
  if (typeof body.input !== "string") {
    for (const [i, item] of body.input.entries()) {
      const type = item.type ?? "message";
      if (!["message", "function_call", "function_call_output"].includes(type)) {
        return refuse(
          `input[${i}].type`,
          type === "reasoning"
            ? "'reasoning' items are not supported: the servers behind the gateway do not take reasoning back"
            : `'${type}' is not supported (message, function_call, function_call_output)`,
        );
      }
      const content = "content" in item && Array.isArray(item.content) ? item.content : [];
      for (const [j, part] of content.entries()) {
        const p = part as { type: string; file_id?: unknown; image_url?: unknown };
        if (!["input_text", "input_image", "output_text", "refusal"].includes(p.type))
          return refuse(
            `input[${i}].content[${j}].type`,
            `'${p.type}' is not supported (input_text, input_image, output_text)`,
          );
        if (p.type === "input_image" && !p.image_url)
          return refuse(`input[${i}].content[${j}].image_url`, "is required (file_id images are not supported)");
      }
    }
  }
  return null;
}
