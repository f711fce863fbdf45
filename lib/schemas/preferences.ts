import { z } from "zod";
import { MATRIX_ORIENTATIONS, type MatrixOrientation } from "@/lib/matrix";

/** One account's own display choices (`GET`/`PATCH /api/me/preferences`). */
export type UserPreferences = {
  /** null: not chosen yet (the matrix picks by its size, see `defaultOrientation`). */
  matrixOrientation: MatrixOrientation | null;
};

/** `PATCH /api/me/preferences`: the choices to change. */
export const updatePreferencesBodySchema = z.object({
  matrixOrientation: z.enum(MATRIX_ORIENTATIONS, { error: `must be one of ${MATRIX_ORIENTATIONS.join(", ")}` }),
});
export type UpdatePreferencesBody = z.infer<typeof updatePreferencesBodySchema>;
