import "server-only";
import { ask, quote } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/** `chat`: a basic completion with non-empty content and `usage`. */
export const chatProbe = defineProbe({
  feature: "chat",
  title: "Chat completion",
  group: "core",
  description: "POST /v1/chat/completions answers with non-empty content, a finish_reason and usage.",
  fields: [],
  capability: "completion",
  async run({ upstream, model }) {
    const res = await upstream.chat({ model, messages: ask("Say hello in one short sentence.") });
    const choice = res.choices?.[0];
    const content = choice?.message?.content;
    if (typeof content !== "string" || content.trim() === "") {
      return partial("Answered, but the first choice has no text content.");
    }
    const usage = res.usage;
    if (typeof usage?.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") {
      return partial(`Answered ${quote(content)}, but without usage token counts.`);
    }
    if (!choice?.finish_reason) return partial(`Answered ${quote(content)}, but without a finish_reason.`);
    return supported(`Answered ${quote(content)} with usage (${usage.completion_tokens} completion tokens).`);
  },
});
