import "server-only";
import { isRecord, str } from "@/lib/server/upstream/capabilities";
import { defineKind } from "./define.server";
import { vllmPreset } from "./vllm";

/** vLLM: `/version` → `{version}` (after LocalAI, which answers it too); declares nothing. */
export const vllmKind = defineKind({
  ...vllmPreset,
  identify: {
    rank: 60,
    reads: ["/version"],
    match(answer) {
      const body = answer("/version");
      const version = isRecord(body) ? str(body.version) : undefined;
      return version ? { version, identifiedBy: "GET /version" } : null;
    },
  },
  version: { path: "/version", field: "version" },
});
