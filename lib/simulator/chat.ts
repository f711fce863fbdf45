/** `POST /v1/chat/completions`: JSON or SSE, shaped like OpenAI's (plus profile deviations). */
import { type ChatPlan, buildChatPlan } from "./chat-plan";
import { type ChoiceOutput, generateChoices, promptTokens } from "./chat-output";
import type { HandlerContext } from "./context";
import { jsonResponse, sleep } from "./http";
import { randomId } from "./random";
import { chatBodySchema, isJsonObject, parseBody } from "./request";
import { SSE_DONE, sseFrame, sseResponse } from "./sse";
import { tokenize } from "./text-model";
import type { ProfileSpec } from "./types";

/** OpenAI's `usage` object (with the detail objects only OpenAI itself sends). */
export function usageObject(profile: ProfileSpec, prompt: number, completion: number): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
  if (profile.kind === "openai") {
    usage.prompt_tokens_details = { cached_tokens: 0, audio_tokens: 0 };
    usage.completion_tokens_details = {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    };
  }
  return usage;
}

interface Envelope {
  id: string;
  created: number;
  model: string;
}

function envelope(plan: ChatPlan, object: string, meta: Envelope): Record<string, unknown> {
  const body: Record<string, unknown> = { id: meta.id, object, created: meta.created, model: meta.model };
  if (plan.profile.systemFingerprint) body.system_fingerprint = plan.profile.systemFingerprint;
  if (plan.profile.kind === "openai") body.service_tier = "default";
  return body;
}

function toolCallsOf(choice: ChoiceOutput): Record<string, unknown>[] {
  return choice.toolCalls.map((call) => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments },
  }));
}

function completionBody(
  ctx: HandlerContext,
  plan: ChatPlan,
  choices: ChoiceOutput[],
  meta: Envelope,
): Record<string, unknown> {
  const body = envelope(plan, "chat.completion", meta);
  body.choices = choices.map((choice) => {
    const message: Record<string, unknown> = {
      role: "assistant",
      content: choice.toolCalls.length > 0 ? null : choice.tokens.join(""),
      refusal: null,
    };
    if (plan.profile.kind === "openai") message.annotations = [];
    if (choice.toolCalls.length > 0) message.tool_calls = toolCallsOf(choice);
    const out: Record<string, unknown> = {
      index: choice.index,
      message,
      logprobs: choice.logprobs ? { content: choice.logprobs, refusal: null } : null,
      finish_reason: choice.finishReason,
    };
    plan.profile.decorateChoice?.(out);
    return out;
  });
  const prompt = promptTokens(plan);
  const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  body.usage = usageObject(plan.profile, prompt, completion);
  plan.profile.decorateBody?.(body, {
    promptTokens: prompt,
    completionTokens: completion,
    elapsedMs: Date.now() - ctx.startedAt,
  });
  return body;
}

function streamChat(ctx: HandlerContext, plan: ChatPlan, choices: ChoiceOutput[], meta: Envelope): Response {
  const { firstTokenMs, perTokenMs } = ctx.timing;
  const chunk = (choiceList: unknown[]): Record<string, unknown> => {
    const body = envelope(plan, "chat.completion.chunk", meta);
    body.choices = choiceList;
    if (plan.includeUsage) body.usage = null;
    return body;
  };
  const delta = (index: number, d: Record<string, unknown>, logprobs: unknown = null): Record<string, unknown> => {
    const out: Record<string, unknown> = { index, delta: d, logprobs, finish_reason: null };
    plan.profile.decorateChoice?.(out);
    return out;
  };
  return sseResponse(ctx, async function* frames(signal, progress) {
    await sleep(firstTokenMs, signal);
    yield sseFrame(
      chunk(choices.map((c) => delta(c.index, { role: "assistant", content: c.toolCalls.length > 0 ? null : "" }))),
    );
    for (const choice of choices) {
      for (const [k, call] of choice.toolCalls.entries()) {
        yield sseFrame(
          chunk([
            delta(choice.index, {
              tool_calls: [{ index: k, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
            }),
          ]),
        );
        for (const piece of tokenize(call.arguments)) {
          await sleep(perTokenMs, signal);
          yield sseFrame(chunk([delta(choice.index, { tool_calls: [{ index: k, function: { arguments: piece } }] })]));
          progress.tokensSent++;
        }
      }
    }
    const longest = Math.max(0, ...choices.map((c) => c.tokens.length));
    for (let t = 0; t < longest; t++) {
      await sleep(perTokenMs, signal);
      for (const choice of choices) {
        const token = choice.tokens[t];
        if (token === undefined) continue;
        const logprob = choice.logprobs?.[t];
        yield sseFrame(
          chunk([delta(choice.index, { content: token }, logprob ? { content: [logprob], refusal: null } : null)]),
        );
        progress.tokensSent++;
      }
    }
    const final = chunk(choices.map((c) => ({ ...delta(c.index, {}), finish_reason: c.finishReason })));
    const prompt = promptTokens(plan);
    const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
    plan.profile.decorateBody?.(final, {
      promptTokens: prompt,
      completionTokens: completion,
      elapsedMs: Date.now() - ctx.startedAt,
    });
    yield sseFrame(final);
    if (plan.includeUsage) yield sseFrame({ ...chunk([]), usage: usageObject(plan.profile, prompt, completion) });
    yield SSE_DONE;
  });
}

/** Handles a chat completion request whose JSON body is `raw`. */
export async function handleChat(ctx: HandlerContext, raw: unknown): Promise<Response> {
  // The server's own checks see the request as sent, before the OpenAI-style validation.
  if (isJsonObject(raw)) ctx.profile.preflightChat?.(raw);
  const body = parseBody(chatBodySchema, raw);
  const plan = buildChatPlan(ctx.profile, body);
  await ctx.loadModel(plan.model);
  const choices = generateChoices(plan, ctx.nextSeed());
  const meta: Envelope = {
    id: `chatcmpl-${randomId(29)}`,
    created: Math.floor(Date.now() / 1000),
    model: plan.modelName,
  };
  if (plan.stream) return streamChat(ctx, plan, choices, meta);
  const tokens = Math.max(0, ...choices.map((c) => c.completionTokens));
  await sleep(ctx.timing.firstTokenMs + ctx.timing.perTokenMs * tokens, ctx.signal);
  return jsonResponse(completionBody(ctx, plan, choices, meta));
}
