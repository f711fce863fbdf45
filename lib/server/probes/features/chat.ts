import "server-only";
import { ask, implausibleUsage, quote } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * `chat`: a basic completion with non-empty content, a finish_reason and `usage`. A model
 * that ends at once (empty text, finish_reason "stop") shows nothing about the server: it
 * is asked once more with another prompt before anything is concluded.
 */
export const chatProbe = defineProbe({
  feature: "chat",
  title: "Chat completion",
  group: "core",
  description: "POST /v1/chat/completions answers with non-empty content, a finish_reason and usage.",
  sends: "a plain chat request",
  fields: [],
  capability: "completion",
  requests: 2,
  async run({ upstream, model }) {
    let res = await upstream.chat({ model, messages: ask("Say hello in one short sentence.") });
    let content = res.choices?.[0]?.message?.content;
    if (typeof content !== "string" || content.trim() === "") {
      res = await upstream.chat({ model, messages: ask("Name three colours, separated by commas.") });
      content = res.choices?.[0]?.message?.content;
    }
    const choice = res.choices?.[0];
    if (typeof content !== "string" || content.trim() === "") {
      return choice?.finish_reason === "stop"
        ? notExercised("the model ended both replies at once, with no text (finish_reason stop).")
        : partial("Answered, but the first choice has no text content.");
    }
    const usage = res.usage;
    if (typeof usage?.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") {
      return partial(`Answered ${quote(content)}, but without usage token counts.`);
    }
    const implausible = implausibleUsage(content, usage.completion_tokens);
    if (implausible) upstream.warn(implausible);
    if (!choice?.finish_reason) return partial(`Answered ${quote(content)}, but without a finish_reason.`);
    return supported(`Answered ${quote(content)} with usage (${usage.completion_tokens} completion tokens).`);
  },
});
