import "server-only";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

/**
 * JSON Schema validation on the server (ajv, draft 2020-12, formats): probes check
 * structured output and tool arguments with it, the playground checks replies and the
 * schemas users send. Compiled validators are kept per schema object.
 */

// addUsedSchema: false — a user's schema with an `$id` must compile again on the next
// request (ajv would otherwise refuse the same `$id` twice).
const ajv = new Ajv2020({ strict: false, allErrors: true, addUsedSchema: false });
addFormats(ajv);
type Validator = ReturnType<typeof ajv.compile>;
/** Our own schemas (probes) are long-lived objects: cached by identity. */
const byObject = new WeakMap<object, Validator>();
/** Schemas from requests are new objects each time: cached by their text, a bounded number. */
const byText = new Map<string, Validator>();
const MAX_BY_TEXT = 200;

/** The validator of `schema`; throws when it does not compile. The dialect is ours: a `$schema` is ignored. */
function validatorOf(schema: object): Validator {
  const known = byObject.get(schema);
  if (known) return known;
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  const text = JSON.stringify(rest);
  let validate = byText.get(text);
  if (!validate) {
    validate = ajv.compile(rest);
    // ajv keeps every compiled schema object; ours are in the maps above.
    ajv.removeSchema(rest);
    if (byText.size >= MAX_BY_TEXT) byText.delete(byText.keys().next().value!);
    byText.set(text, validate);
  }
  byObject.set(schema, validate);
  return validate;
}

/** Why `schema` cannot be used, or null when it compiles. */
export function schemaProblem(schema: object): string | null {
  try {
    validatorOf(schema);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Validates `value` against `schema`: ajv's error text, or undefined when valid. Throws when the schema does not compile. */
export function schemaErrors(schema: object, value: unknown): string | undefined {
  const validate = validatorOf(schema);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}
