"use client";

import { useMutation } from "@tanstack/react-query";
import type { UpdatePreferencesBody, UserPreferences } from "@/lib/schemas/preferences";
import { apiFetch } from "./api-client";

/** Saves the caller's own display preferences (the page has already applied the change). */
export function useSavePreferences() {
  return useMutation({
    mutationFn: async (body: UpdatePreferencesBody) =>
      (await apiFetch<{ preferences: UserPreferences }>("/api/me/preferences", { method: "PATCH", body })).preferences,
  });
}
