import { testProviderConnection } from "@/lib/server/providers/connection";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/**
 * "Test connection": members and admins. Answers 200 with the outcome (reachable,
 * auth_failed, not_compatible, timeout, refused, tls_error, dns_error, error) and one
 * sentence; a failing provider is a result, not an error of this route.
 */
export const POST = withRoute({ access: "member", params: idParamsSchema }, async ({ params }) =>
  testProviderConnection(params.id),
);
