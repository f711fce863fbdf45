import "server-only";
import { fetchServerJson } from "@/lib/server/upstream/client";
import { type DeclaredCapability, isRecord, str } from "@/lib/server/upstream/capabilities";
import { defineKind } from "./define.server";
import { koboldcppPreset } from "./koboldcpp";

/** The flags of `/api/extra/version` that speak about the loaded text model, and the word each maps to. */
const MODEL_FLAGS: [flag: string, capability: DeclaredCapability][] = [
  ["llm", "completion"],
  ["vision", "vision"],
  ["audio", "audio"],
];

/**
 * KoboldCpp (LostRuins/koboldcpp, koboldcpp.py; /work/research/servers.md §6). `GET
 * /api/extra/version` answers `{"result":"KoboldCpp","version":"1.76",…}` and, since 2024
 * (`get_capabilities()`), flags for what is loaded: `llm`, `vision`, `audio` (later builds),
 * `txt2img`, `transcribe`, `tts`, `embeddings`, `protected`… Only the flags about the text
 * model `/v1/models` lists become declarations; `embeddings`, `transcribe`, `txt2img` and `tts`
 * are separate models loaded beside it, not abilities of that one.
 */
export const koboldcppKind = defineKind({
  ...koboldcppPreset,
  identify: {
    rank: 40,
    reads: ["/api/extra/version"],
    match(answer) {
      const body = answer("/api/extra/version");
      if (!isRecord(body) || body.result !== "KoboldCpp") return null;
      const version = str(body.version);
      return { ...(version ? { version } : {}), identifiedBy: "GET /api/extra/version" };
    },
  },
  version: { path: "/api/extra/version", field: "version" },
  async declarations(p, ids, { signal, cache }) {
    const body = await fetchServerJson(p, "/api/extra/version", { signal, cache }).catch(() => undefined);
    if (!isRecord(body) || body.result !== "KoboldCpp") return [];
    // Builds before get_capabilities() carry no flags: a missing flag says nothing.
    const stated = MODEL_FLAGS.filter(([flag]) => typeof body[flag] === "boolean");
    if (stated.length === 0) return [];
    const statement = {
      has: stated.filter(([flag]) => body[flag] === true).map(([, word]) => word),
      known: stated.map(([, word]) => word),
    };
    return [{ source: "koboldcpp /api/extra/version", byModel: new Map(ids.map((id) => [id, statement])) }];
  },
  /**
   * One: KoboldCpp generates one request at a time (koboldcpp.py holds one generation lock;
   * a request that arrives meanwhile waits in the multiuser queue or gets 503 "Server is busy").
   */
  capacity: async () => 1,
});
