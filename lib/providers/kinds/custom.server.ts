import "server-only";
import { parseModelList } from "@/lib/server/upstream/capabilities";
import { customPreset } from "./custom";
import { defineKind } from "./define.server";

/** Any server whose only tell is an OpenAI model list at `/v1/models` (tried last). */
export const customKind = defineKind({
  ...customPreset,
  identify: {
    rank: 1000,
    reads: ["/v1/models"],
    match(answer) {
      return parseModelList(answer("/v1/models")) ? { identifiedBy: "GET /v1/models" } : null;
    },
  },
});
