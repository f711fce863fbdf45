import { handleAuthRequest } from "@/lib/server/auth-endpoints";

/** better-auth's endpoints that Switchyard uses (lib/server/auth-endpoints.ts); every other path is 404. */
export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
