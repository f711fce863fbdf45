import "server-only";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ChatMessage, ParsedChatRequest } from "@/lib/schemas/playground";
import type { ChatBody } from "../calls/plan";

/**
 * The playground's request as the OpenAI chat body the call engine takes: the system
 * prompt, the conversation (images as `image_url` parts, tool calls and results), the
 * parameters, the response format, tools, streaming with usage. The engine then shapes it
 * per target (lib/server/calls/plan.ts).
 */

function toUpstreamMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role === "tool") return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  if (m.role === "assistant") {
    return {
      role: "assistant",
      content: m.content,
      ...(m.toolCalls && m.toolCalls.length > 0
        ? {
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: "function" as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
    };
  }
  if (!m.images || m.images.length === 0) return { role: "user", content: m.content };
  return {
    role: "user",
    content: [
      ...(m.content ? [{ type: "text" as const, text: m.content }] : []),
      ...m.images.map((url) => ({ type: "image_url" as const, image_url: { url } })),
    ],
  };
}

/** The chat body for a playground request to `model`. */
export function toChatBody(req: ParsedChatRequest, model: string): ChatBody {
  const { params } = req;
  const format = req.responseFormat;
  return {
    model,
    messages: [
      ...(req.system?.trim() ? [{ role: "system" as const, content: req.system.trim() }] : []),
      ...req.messages.map(toUpstreamMessage),
    ],
    ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
    ...(params.topP === undefined ? {} : { top_p: params.topP }),
    ...(params.seed === undefined ? {} : { seed: params.seed }),
    ...(params.stop && params.stop.length > 0 ? { stop: params.stop } : {}),
    ...(params.maxTokens === undefined ? {} : { max_tokens: params.maxTokens }),
    ...(req.tools && req.tools.length > 0 ? { tools: req.tools } : {}),
    ...(format.type === "json_object" ? { response_format: { type: "json_object" as const } } : {}),
    ...(format.type === "json_schema"
      ? {
          response_format: {
            type: "json_schema" as const,
            json_schema: { name: format.name, schema: format.schema, strict: true },
          },
        }
      : {}),
    // The playground always asks for usage in streams (tokens per second); the plan may drop it.
    ...(req.stream ? { stream: true, stream_options: { include_usage: true } } : { stream: false }),
  };
}
