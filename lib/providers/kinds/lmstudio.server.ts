import "server-only";
import { fetchServerJson } from "@/lib/server/upstream/client";
import { type Statement, isRecord, normaliseCapabilities, records, str } from "@/lib/server/upstream/capabilities";
import { defineKind } from "./define.server";
import { lmstudioPreset } from "./lmstudio";

/** LM Studio: identified by its 0.4 REST API `/api/v1/models`; no version endpoint. */
export const lmstudioKind = defineKind({
  ...lmstudioPreset,
  identify: {
    rank: 30,
    reads: ["/api/v1/models"],
    match(answer) {
      const body = answer("/api/v1/models");
      return isRecord(body) && Array.isArray(body.models) ? { identifiedBy: "GET /api/v1/models" } : null;
    },
  },
  /** 0.4: `/api/v1/models` (`type`, `capabilities.vision`, `trained_for_tool_use`, `reasoning`); 0.3: `/api/v0/models` (`type: vlm`). */
  async declarations(p, _ids, { signal }) {
    const byModel = new Map<string, Statement>();
    const v1 = await fetchServerJson(p, "/api/v1/models", { signal }).catch(() => undefined);
    if (isRecord(v1) && Array.isArray(v1.models)) {
      for (const m of records(v1.models)) {
        const key = str(m.key) ?? str(m.id);
        if (!key) continue;
        const caps = isRecord(m.capabilities) ? m.capabilities : {};
        const type = String(m.type ?? "");
        // The type says chat vs embedding; each boolean in `capabilities` is a statement either way.
        const stated = Object.keys(caps).filter((k) => typeof caps[k] === "boolean");
        byModel.set(key, {
          has: normaliseCapabilities([type, ...stated.filter((k) => caps[k] === true)]),
          known: normaliseCapabilities([...(type ? ["completion", "embedding"] : []), ...stated]),
        });
      }
      return [{ source: "lmstudio /api/v1/models", byModel }];
    }
    const v0 = await fetchServerJson(p, "/api/v0/models", { signal }).catch(() => undefined);
    for (const m of records(isRecord(v0) ? v0.data : undefined)) {
      const id = str(m.id);
      const type = String(m.type ?? "");
      if (id && type) {
        byModel.set(id, {
          has: normaliseCapabilities(type === "vlm" ? ["llm", "vision"] : [type]),
          known: ["completion", "vision", "embedding"],
        });
      }
    }
    return [{ source: "lmstudio /api/v0/models", byModel }];
  },
});
