import "server-only";
import { fetchServerJson } from "@/lib/server/upstream/client";
import { type Statement, complete, isRecord, records, str } from "@/lib/server/upstream/capabilities";
import { defineKind } from "./define.server";
import { localaiPreset } from "./localai";

/**
 * LocalAI: `/version` like vLLM, told apart by `/v1/models/capabilities` (LocalAI's own) or,
 * as a last resort, by its version's spelling: LocalAI prints "v3.7.0 (commit)", vLLM a bare
 * "0.11.0" and lists models `owned_by: "vllm"` with `max_model_len`.
 */
export const localaiKind = defineKind({
  ...localaiPreset,
  identify: {
    rank: 50,
    reads: ["/version", "/v1/models/capabilities", "/v1/models"],
    match(answer) {
      const body = answer("/version");
      const version = isRecord(body) ? str(body.version) : undefined;
      if (!version) return null;
      const capabilities = answer("/v1/models/capabilities");
      const isLocalAi = isRecord(capabilities) && Array.isArray(capabilities.data);
      const models = answer("/v1/models");
      const entries = records(isRecord(models) ? models.data : undefined);
      const isVllm = entries.some((m) => m.owned_by === "vllm" || "max_model_len" in m);
      if (!isLocalAi && (isVllm || !version.startsWith("v"))) return null;
      return { version, identifiedBy: isLocalAi ? "GET /version + GET /v1/models/capabilities" : "GET /version" };
    },
  },
  version: { path: "/version", field: "version" },
  /** `/v1/models/capabilities` lists words per model (`chat`, `tools`, `vision`, `embeddings`…). */
  async declarations(p, _ids, { signal }) {
    const body = await fetchServerJson(p, "/v1/models/capabilities", { signal }).catch(() => undefined);
    const byModel = new Map<string, Statement>();
    for (const m of records(isRecord(body) ? body.data : undefined)) {
      const id = str(m.id);
      // `capabilities: null` (a loose model file) says nothing.
      if (id && Array.isArray(m.capabilities)) byModel.set(id, complete(m.capabilities.map(String)));
    }
    return [{ source: "localai /v1/models/capabilities", byModel }];
  },
});
