import { z } from "zod";

/**
 * Display names (providers, accounts) as people see and compare them (isomorphic): normalised,
 * without characters that make two different names look the same or rewrite a terminal line.
 */

/**
 * Control characters, zero-width and other invisible format characters (U+200B, U+FEFF,
 * bidi overrides…) and private-use code points: two names that look the same
 * must be the same name, and a name must not rewrite a terminal or a log line.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Co}]/u;

/** A UTF-16 surrogate without its other half (not a character; breaks JSON and databases downstream). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A display name: NFC-normalised and trimmed; no invisible or control characters, no lone surrogates. */
export function displayName(max: number) {
  return z
    .string()
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, "is required")
        .max(max, `must be at most ${max} characters`)
        .refine((v) => !LONE_SURROGATE.test(v), "must not contain unpaired surrogate characters")
        .refine(
          (v) => !INVISIBLE_OR_CONTROL.test(v),
          "must not contain control, zero-width or other invisible characters",
        ),
    );
}

/** The key two display names are compared by: "Team Ollama" and "team ollama" are the same name. */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLocaleLowerCase("en-US");
}
