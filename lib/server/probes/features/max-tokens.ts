import "server-only";
import { ask } from "../helpers";
import { defineProbe, partial, supported } from "../types";

const CAP = 5;

/**
 * `max_tokens`: a cap of 5 on a long answer gives ≤ 5 completion tokens and
 * finish_reason "length". OpenAI reasoning models refuse `max_tokens` with 400.
 */
export const maxTokensProbe = defineProbe({
  feature: "max_tokens",
  title: "max_tokens",
  group: "sampling",
  description: "max_tokens 5 on a long answer: ≤ 5 completion tokens and finish_reason length.",
  fields: ["max_tokens"],
  async run({ upstream, model }) {
    const res = await upstream.chat({
      model,
      messages: ask("Write a long paragraph about the history of lighthouses."),
      max_tokens: CAP,
    });
    const used = res.usage?.completion_tokens;
    const finish = res.choices?.[0]?.finish_reason;
    const details = { completionTokens: used, finishReason: finish };
    if (typeof used === "number" && used > CAP)
      return partial(`Ignored: ${used} completion tokens for a cap of ${CAP}.`, details);
    if (finish !== "length")
      return partial(`finish_reason is ${JSON.stringify(finish)}, not "length", for a cap of ${CAP}.`, details);
    if (typeof used !== "number")
      return partial(`finish_reason "length", but no usage to check the cap of ${CAP}.`, details);
    return supported(`${used} completion tokens for a cap of ${CAP}, finish_reason "length".`, details);
  },
});
