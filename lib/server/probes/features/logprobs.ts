import "server-only";
import { ask } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/** `logprobs`: `logprobs: true, top_logprobs: 2` yields per-token log probabilities ≤ 0 with two alternatives. */
export const logprobsProbe = defineProbe({
  feature: "logprobs",
  title: "Log probabilities",
  group: "sampling",
  description: "logprobs with top_logprobs 2: every token has a logprob ≤ 0 and two alternatives.",
  sends: "`logprobs: true, top_logprobs: 2`",
  fields: ["logprobs", "top_logprobs"],
  async run({ upstream, model }) {
    const res = await upstream.chat({ model, messages: ask("Name three colours."), logprobs: true, top_logprobs: 2 });
    const choice = res.choices?.[0];
    const tokens = choice?.logprobs?.content ?? [];
    if (tokens.length === 0) {
      const text = choice?.message?.content ?? "";
      return text === "" && choice?.finish_reason === "stop"
        ? notExercised("the model wrote no token, so there was nothing to give logprobs for.")
        : partial("Accepted, but the response carries no logprobs.");
    }
    const bad = tokens.find((t) => typeof t?.logprob !== "number" || !(t.logprob <= 0) || typeof t.token !== "string");
    if (bad) return partial(`Logprobs came back, but one token is malformed: ${JSON.stringify(bad).slice(0, 120)}.`);
    const short = tokens.filter((t) => (t?.top_logprobs ?? []).length !== 2).length;
    if (short > 0) return partial(`Logprobs came back, but ${short} of ${tokens.length} tokens lack two top_logprobs.`);
    return supported(`${tokens.length} tokens with logprobs ≤ 0 and two alternatives each.`);
  },
});
