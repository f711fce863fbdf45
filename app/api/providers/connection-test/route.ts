import { connectionTestBodySchema } from "@/lib/schemas/providers";
import { testUnsavedConnection } from "@/lib/server/providers/connection";
import { withRoute } from "@/lib/server/route";

/**
 * "Test connection" from the provider form, before saving (members and admins): the same
 * validation and URL policy as saving, the same answer as the stored provider's test. With
 * `providerId`, a blank key or header value uses the stored one (never for another host).
 */
export const POST = withRoute({ access: "member", body: connectionTestBodySchema }, async ({ body }) => {
  const { providerId, ...fields } = body;
  return testUnsavedConnection(fields, providerId);
});
