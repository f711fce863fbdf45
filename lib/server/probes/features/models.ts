import "server-only";
import { defineProbe, partial, supported } from "../types";

/** `models`: GET /v1/models answers an OpenAI list that includes the model under test. */
export const modelsProbe = defineProbe({
  feature: "models",
  title: "Model list",
  group: "core",
  description: "GET /v1/models answers an OpenAI model list that includes the model.",
  sends: "GET /v1/models",
  fields: [],
  needsChat: false,
  async run({ upstream, model }) {
    const body = (await upstream.models()) as { data?: unknown } | null;
    const data = Array.isArray(body?.data) ? (body.data as { id?: unknown }[]) : null;
    if (!data) return partial("Answered, but not with an OpenAI model list ({ data: [...] }).");
    const ids = data.map((m) => m?.id).filter((id): id is string => typeof id === "string");
    // Ollama resolves a name without a tag to `:latest`.
    const listed = ids.includes(model) || (!model.includes(":") && ids.includes(`${model}:latest`));
    if (listed) return supported(`Lists ${ids.length} model(s), including ${model}.`, { count: ids.length });
    return partial(`Lists ${ids.length} model(s), but not ${model}.`, { ids: ids.slice(0, 20) });
  },
});
