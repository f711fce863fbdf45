import { createSimulatorRouteHandlers } from "@/lib/simulator";

/**
 * The OpenAI-compatible simulator served by the app itself under /sim/<profile>/v1, so a
 * fresh install with no LLM server has something to probe ("Add simulated providers").
 * Public like a local LLM server would be: it holds no data and needs no session.
 */
export const dynamic = "force-dynamic";

export const { GET, POST } = createSimulatorRouteHandlers({ basePath: "/sim" });
