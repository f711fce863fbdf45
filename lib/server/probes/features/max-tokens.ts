import "server-only";
import { ask, implausibleUsage, quote, roughTokens } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

const CAP = 2;

/**
 * `max_tokens`: a cap of 2 on an answer that needs many tokens (counting to fifty) must end
 * with finish_reason "length" and a reply of about two tokens. Judged by the content and the
 * finish reason, never by `usage` alone (one real server reports 100 completion tokens for
 * every reply: flagged as a warning). A reply that ended by itself within the cap
 * (finish_reason "stop") shows nothing: not exercised. OpenAI reasoning models refuse
 * `max_tokens` with 400.
 */
export const maxTokensProbe = defineProbe({
  feature: "max_tokens",
  title: "max_tokens",
  group: "sampling",
  description: 'max_tokens 2 on a long answer: a reply of about two tokens with finish_reason "length".',
  sends: "`max_tokens: 2`",
  fields: ["max_tokens"],
  async run({ upstream, model }) {
    const res = await upstream.chat({
      model,
      messages: ask("Count from 1 to 50, separated by commas."),
      max_tokens: CAP,
    });
    const choice = res.choices?.[0];
    const content = choice?.message?.content ?? "";
    const finish = choice?.finish_reason;
    const used = res.usage?.completion_tokens;
    const implausible = implausibleUsage(content, used);
    if (implausible) upstream.warn(implausible);
    const tokens = roughTokens(content);
    const details = { cap: CAP, contentTokens: tokens, completionTokens: used, finishReason: finish };
    // Tokenisers differ (a number can be several tokens): allow a little slack over the cap.
    if (tokens > CAP * 3 + 2) {
      return partial(
        `Ignored: a reply of about ${tokens} tokens (${quote(content, 40)}) for a cap of ${CAP}.`,
        details,
      );
    }
    if (finish === "length") {
      return supported(`A reply of about ${tokens} token(s) for a cap of ${CAP}, finish_reason "length".`, details);
    }
    if (finish === "stop") {
      return notExercised(
        `the model ended by itself within the cap (${quote(content, 40)}, finish_reason stop).`,
        details,
      );
    }
    return partial(`The reply fits the cap, but finish_reason is ${quote(String(finish))}, not "length".`, details);
  },
});
