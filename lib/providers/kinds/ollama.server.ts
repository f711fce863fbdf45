import "server-only";
import { fetchServerJson } from "@/lib/server/upstream/client";
import { type Statement, complete, isRecord, mapLimit, records, str } from "@/lib/server/upstream/capabilities";
import { defineKind, versionAt } from "./define.server";
import { ollamaPreset } from "./ollama";

/** Ollama: identified and versioned by its own `/api/version`; declares capabilities in `/api/show`. */
export const ollamaKind = defineKind({
  ...ollamaPreset,
  identify: {
    rank: 10,
    reads: ["/api/version"],
    match: versionAt("/api/version"),
  },
  version: { path: "/api/version", field: "version" },
  /** `/api/show` per model (its `capabilities`), falling back to `/api/tags` (0.6+ lists them too). */
  async declarations(p, ids, { signal }) {
    const tags = new Map<string, Statement>();
    const tagsBody = await fetchServerJson(p, "/api/tags", { signal }).catch(() => undefined);
    for (const m of records(isRecord(tagsBody) ? tagsBody.models : undefined)) {
      const name = str(m.name) ?? str(m.model);
      // Most versions list no capabilities here (only /api/show does); a list, when present, is complete.
      if (name && Array.isArray(m.capabilities)) tags.set(name, complete(m.capabilities.map(String)));
    }
    const shown = new Map<string, Statement>();
    await mapLimit(ids, 4, async (id) => {
      const body = await fetchServerJson(p, "/api/show", { method: "POST", body: { model: id }, signal }).catch(
        () => undefined,
      );
      if (isRecord(body) && Array.isArray(body.capabilities)) shown.set(id, complete(body.capabilities.map(String)));
    });
    return [
      { source: "ollama /api/show", byModel: shown },
      { source: "ollama /api/tags", byModel: tags },
    ];
  },
});
