import { resolvePresets } from "@/lib/server/providers/presets";
import { withRoute } from "@/lib/server/route";

/** The presets, as this server offers them (Docker-aware; the OpenAI key only as "from env"). */
export const GET = withRoute({ access: "viewer" }, async () => ({ presets: resolvePresets() }));
