import { resolvePresets } from "@/lib/server/providers/presets";
import { withRoute } from "@/lib/server/route";

/** The presets, as this server offers them (Ollama at the compose service when `ollama` resolves; the OpenAI key only as "from env"). */
export const GET = withRoute({ access: "viewer" }, async () => ({ presets: await resolvePresets() }));
