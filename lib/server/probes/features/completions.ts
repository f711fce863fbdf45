import "server-only";
import { quote } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * `completions`: the legacy `POST /v1/completions` returns text. OpenAI serves it only for
 * completion models (a chat model gets a 404 "This is a chat model…"); local servers serve
 * their chat models there too. Empty text that ended by itself (finish_reason "stop") is
 * the model's doing and decides nothing.
 */
export const completionsProbe = defineProbe({
  feature: "completions",
  title: "Legacy completions",
  group: "core",
  description: "POST /v1/completions with a prompt returns a text_completion with non-empty text.",
  sends: "a request to /v1/completions",
  fields: ["completions", "prompt"],
  needsChat: false,
  async run({ upstream, model }) {
    const res = await upstream.completions({ model, prompt: "Once upon a time", max_tokens: 8 });
    const choice = res.choices?.[0];
    const text = choice?.text;
    if (typeof text !== "string" || text === "") {
      return choice?.finish_reason === "stop"
        ? notExercised("the model ended at once, with no text (finish_reason stop).")
        : partial("Answered, but the first choice has no text.");
    }
    if (res.object !== undefined && res.object !== "text_completion") {
      return partial(`Answered text, but object is ${quote(String(res.object))}, not "text_completion".`);
    }
    return supported(`Completed the prompt: ${quote(text)}.`);
  },
});
