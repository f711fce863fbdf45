import { discoverLocalServers } from "@/lib/server/providers/connection";
import { withRoute } from "@/lib/server/route";

/**
 * "Scan for local servers" (members and admins): the configured DISCOVERY_PORTS on localhost
 * (and `ollama` where that name resolves: the compose network), each server marked `alreadyAdded` when a provider has its URL.
 */
export const POST = withRoute({ access: "member" }, async () => ({ servers: await discoverLocalServers() }));
