/**
 * Roles, lowest to highest. Each role can do everything the ones before it can:
 * viewers read, members also run probes and use the playground, admins also change
 * providers, settings and accounts.
 */
export const ROLES = ["viewer", "member", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer — reads the matrix and providers",
  member: "Member — also runs probes and uses the playground",
  admin: "Admin — also manages providers, settings and accounts",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `required` or above. Unknown roles get nothing. */
export function hasRole(role: string | null | undefined, required: Role): boolean {
  return isRole(role) && ROLES.indexOf(role) >= ROLES.indexOf(required);
}
