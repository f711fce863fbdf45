/**
 * Generates the choices of a chat completion from a {@link ChatPlan}: text, JSON,
 * tool calls or a description of an image, cut by `stop` and `max_tokens`, with logprobs.
 */
import { type ChatPlan, lastUserText } from "./chat-plan";
import { tokenAllowance } from "./limits";
import { messageText } from "./request";
import { type Rng, createRng, hashString } from "./random";
import { generateInstance } from "./schema-instance";
import { alternativeTokens, countTokens, generateReply, tokenize, tokenizeUpTo } from "./text-model";
import { type ToolCall, chooseToolCalls } from "./tools";

/** One token's log probability, in OpenAI's shape. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

/** One generated choice. */
export interface ChoiceOutput {
  index: number;
  /** Content tokens (empty when the choice is tool calls). */
  tokens: string[];
  toolCalls: ToolCall[];
  finishReason: "stop" | "length" | "tool_calls";
  logprobs?: TokenLogprob[];
  /** Tokens billed for this choice. */
  completionTokens: number;
}

const utf8 = new TextEncoder();

/** Bytes of a token as `logprobs` report them. */
export function tokenBytes(token: string): number[] {
  return [...utf8.encode(token)];
}

function tokenLogprobs(tokens: string[], top: number, rng: Rng): TokenLogprob[] {
  return tokens.map((token) => {
    const logprob = -Math.round(rng() * 1.5 * 10_000) / 10_000;
    const alternatives = alternativeTokens(rng, Math.max(top - 1, 0), token).map((alt, i) => ({
      token: alt,
      logprob: Math.round((logprob - (i + 1) * (0.5 + rng())) * 10_000) / 10_000,
      bytes: tokenBytes(alt),
    }));
    const topList = top > 0 ? [{ token, logprob, bytes: tokenBytes(token) }, ...alternatives] : [];
    return { token, logprob, bytes: tokenBytes(token), top_logprobs: topList };
  });
}

function describeImages(plan: ChatPlan): string {
  const colours = plan.imageColours;
  if (colours.length === 0) return "I cannot open remote images here, so I cannot tell what the image shows.";
  if (colours.length === 1) return `The image is mostly ${colours[0]}.`;
  return `The images are mostly ${colours.slice(0, -1).join(", ")} and ${colours[colours.length - 1]}.`;
}

function fullText(plan: ChatPlan, prompt: string, rng: Rng): string {
  if (plan.garbled !== undefined) return plan.garbled;
  const last = plan.messages[plan.messages.length - 1];
  if (last?.role === "tool") {
    const result = messageText(last).replace(/\s+/g, " ").slice(0, 120);
    return `According to the tool, the result is ${result}.`;
  }
  const reply = plan.imageColours.length + plan.remoteImages > 0 ? describeImages(plan) : generateReply(prompt, rng);
  switch (plan.mode.kind) {
    case "json_object":
      return JSON.stringify({ answer: reply });
    case "json_schema":
      return JSON.stringify(generateInstance(plan.mode.schema, rng));
    case "unenforced":
      // The grammar failed to build: the model writes JSON of its own choosing.
      return JSON.stringify({ response: reply, note: "schema not applied" });
    default:
      return reply;
  }
}

/** Applies `stop` (cut before the first match) and `max_tokens` (finish `length`). */
export function limitText(
  text: string,
  stops: readonly string[],
  maxTokens: number | undefined,
): { tokens: string[]; finishReason: "stop" | "length" } {
  let cut = text;
  for (const stop of stops) {
    const at = cut.indexOf(stop);
    if (at >= 0) cut = cut.slice(0, at);
  }
  if (maxTokens === undefined) return { tokens: tokenize(cut), finishReason: "stop" };
  const { tokens, complete } = tokenizeUpTo(cut, maxTokens);
  return { tokens, finishReason: complete ? "stop" : "length" };
}

/** The base sampling seed: the request's `seed`, the prompt at temperature 0, else `fallback`. */
export function samplingSeed(
  sampling: { seed?: number; deterministic: boolean },
  prompt: string,
  fallback: number,
): number {
  if (sampling.seed !== undefined) return sampling.seed;
  if (sampling.deterministic) return hashString(prompt);
  return fallback;
}

/** Generates every choice. `fallbackSeed` varies unseeded requests. */
export function generateChoices(plan: ChatPlan, fallbackSeed: number): ChoiceOutput[] {
  const prompt = lastUserText(plan.messages);
  const base = samplingSeed(plan, prompt, fallbackSeed);
  const lastIsToolResult = plan.messages[plan.messages.length - 1]?.role === "tool";
  const out: ChoiceOutput[] = [];
  // Every choice is bounded by the model's output limit and by what is left of the
  // response's budget (n: 128 × a long echo × logprobs must stay small): the cut is a
  // finish_reason "length", as when a real model hits its limit.
  let usedEntries = 0;
  for (let index = 0; index < plan.n; index++) {
    const allowance = tokenAllowance(usedEntries, plan.logprobs ? plan.topLogprobs : 0);
    const cap = plan.maxTokens === undefined ? allowance : Math.min(plan.maxTokens, allowance);
    const rng = createRng(hashString(prompt, (base + index * 0x9e3779b9) >>> 0));
    const calls =
      lastIsToolResult || plan.garbled !== undefined
        ? []
        : chooseToolCalls(plan.tools, plan.toolChoice, plan.parallelToolCalls, prompt, rng);
    if (calls.length > 0) {
      const billed = calls.reduce((sum, call) => sum + countTokens(call.arguments) + 3, 0);
      out.push({ index, tokens: [], toolCalls: calls, finishReason: "tool_calls", completionTokens: billed });
      continue;
    }
    const { tokens, finishReason } = limitText(fullText(plan, prompt, rng), plan.stops, cap);
    const logprobs = plan.logprobs ? tokenLogprobs(tokens, plan.topLogprobs, rng) : undefined;
    usedEntries += tokens.length * (1 + (plan.logprobs ? plan.topLogprobs : 0));
    out.push({ index, tokens, toolCalls: [], finishReason, logprobs, completionTokens: tokens.length });
  }
  return out;
}

/** Prompt tokens as billed: message text plus a few tokens of framing per message. */
export function promptTokens(plan: ChatPlan): number {
  const toolTokens = plan.tools.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool.function)), 0);
  return plan.messages.reduce((sum, message) => sum + countTokens(messageText(message)) + 4, 3) + toolTokens;
}
