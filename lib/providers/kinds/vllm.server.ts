import "server-only";
import { defineKind, versionAt } from "./define.server";
import { vllmPreset } from "./vllm";

/** vLLM: `/version` → `{version}` (after LocalAI, which answers it too); declares nothing. */
export const vllmKind = defineKind({
  ...vllmPreset,
  identify: {
    rank: 60,
    reads: ["/version"],
    match: versionAt("/version"),
  },
  version: { path: "/version", field: "version" },
});
