import "server-only";
import { ask } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/** `logprobs`: `logprobs: true, top_logprobs: 2` yields per-token log probabilities ≤ 0 with two alternatives. */
export const logprobsProbe = defineProbe({
  feature: "logprobs",
  title: "Log probabilities",
  group: "sampling",
  description: "logprobs with top_logprobs 2: every token has a logprob ≤ 0 and two alternatives.",
  fields: ["logprobs", "top_logprobs"],
  async run({ upstream, model }) {
    const res = await upstream.chat({ model, messages: ask("Name three colours."), logprobs: true, top_logprobs: 2 });
    const tokens = res.choices?.[0]?.logprobs?.content ?? [];
    if (tokens.length === 0) return partial("Accepted, but the response carries no logprobs.");
    const bad = tokens.find((t) => typeof t?.logprob !== "number" || !(t.logprob <= 0) || typeof t.token !== "string");
    if (bad) return partial(`Logprobs came back, but one token is malformed: ${JSON.stringify(bad).slice(0, 120)}.`);
    const short = tokens.filter((t) => (t?.top_logprobs ?? []).length !== 2).length;
    if (short > 0) return partial(`Logprobs came back, but ${short} of ${tokens.length} tokens lack two top_logprobs.`);
    return supported(`${tokens.length} tokens with logprobs ≤ 0 and two alternatives each.`);
  },
});
