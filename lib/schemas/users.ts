import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { displayName } from "./display-name";

/** Shared by the forms and the route handlers: the same rules, the same messages. */
export const accountFieldsSchema = z.object({
  name: displayName(100),
  email: z.string().trim().toLowerCase().pipe(z.email("must be an email address such as ada@example.com")),
  password: z.string().min(8, "must be at least 8 characters").max(128, "must be at most 128 characters"),
});

export const setupBodySchema = accountFieldsSchema;
export type SetupBody = z.infer<typeof setupBodySchema>;

export const createUserBodySchema = accountFieldsSchema.extend({
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z.object({
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
});
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

/** What the API returns for an account: never a password hash or session token. */
export type UserSummary = {
  id: string;
  name: string;
  email: string;
  role: (typeof ROLES)[number];
  createdAt: string;
};
