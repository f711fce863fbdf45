import "server-only";
import { fetchServerJson } from "@/lib/server/upstream/client";
import { isRecord, normaliseCapabilities } from "@/lib/server/upstream/capabilities";
import { defineKind } from "./define.server";
import { llamacppPreset } from "./llamacpp";

/** llama.cpp's `llama-server`: `/props` identifies it, carries its build, its model's modalities and its slots. */
export const llamacppKind = defineKind({
  ...llamacppPreset,
  identify: {
    rank: 20,
    reads: ["/props"],
    match(answer) {
      const props = answer("/props");
      if (!isRecord(props)) return null;
      if (!("default_generation_settings" in props || "build_info" in props || "model_path" in props)) return null;
      const build = typeof props.build_info === "string" ? { version: props.build_info } : {};
      return { ...build, identifiedBy: "GET /props" };
    },
  },
  version: { path: "/props", field: "build_info" },
  /** `/props` describes the one loaded model (`modalities`, newer builds `chat_template_caps`). */
  async declarations(p, ids, { signal, cache }) {
    const props = await fetchServerJson(p, "/props", { signal, cache }).catch(() => undefined);
    if (!isRecord(props)) return [];
    // Builds before libmtmd (PR #12898) have no `modalities`, older ones no `chat_template_caps`:
    // a missing key is no statement about vision or tools.
    const modalities = isRecord(props.modalities) ? props.modalities : null;
    const caps = isRecord(props.chat_template_caps) ? props.chat_template_caps : null;
    const has = ["completion", ...Object.keys(modalities ?? {}).filter((k) => modalities?.[k] === true)];
    const known = ["completion", ...(modalities ? Object.keys(modalities) : [])];
    if (caps && typeof caps.supports_tools === "boolean") {
      known.push("tools");
      if (caps.supports_tools) has.push("tools");
    }
    const statement = { has: normaliseCapabilities(has), known: normaliseCapabilities(known) };
    return [{ source: "llamacpp /props", byModel: new Map(ids.map((id) => [id, statement])) }];
  },
  /**
   * `/props` `total_slots` (`-np`). A server with one slot serialises requests, so probing it
   * four at a time only measures our own queue.
   */
  async capacity(p, opts) {
    const props = await fetchServerJson(p, "/props", opts).catch(() => undefined);
    const slots = isRecord(props) ? props.total_slots : undefined;
    return typeof slots === "number" && Number.isInteger(slots) && slots > 0 ? slots : undefined;
  },
});
