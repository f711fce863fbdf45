import { getEnv } from "@/lib/env";
import { createKeyBodySchema } from "@/lib/schemas/gateway";
import { createKey, listKeys } from "@/lib/server/gateway/keys";
import { json, withRoute } from "@/lib/server/route";

/** Admins only: who holds which key is theirs to manage. A secret is never listed. */
export const GET = withRoute({ access: "admin" }, async () => ({ keys: await listKeys() }));

/** The answer holds the secret, once; only its hash is stored. A key without an environment uses ENVIRONMENT's. */
export const POST = withRoute({ access: "admin", body: createKeyBodySchema }, async ({ body, user }) =>
  json(await createKey({ ...body, environment: body.environment ?? getEnv().environment }, user.id), 201),
);
