import type {
  FieldError as RhfFieldError,
  FieldErrors,
  FieldValues,
  Path,
  UseFormRegister,
  UseFormRegisterReturn,
  UseFormSetError,
} from "react-hook-form";
import { FieldError, inputClass, labelClass } from "./ui";

/**
 * A labelled input wired to react-hook-form. Errors read "<Label> <rule>" (the shared zod
 * schemas word their rules to follow the field name, e.g. "Password must be at least 8 characters").
 */
export function FormField({
  label,
  type = "text",
  registration,
  error,
  autoComplete,
  hint,
  suggestions,
}: {
  label: string;
  type?: string;
  registration: UseFormRegisterReturn;
  error?: RhfFieldError | { message?: string };
  autoComplete?: string;
  hint?: string;
  /** Values offered as the user types (free text is still allowed). */
  suggestions?: string[];
}) {
  const id = `field-${registration.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        list={suggestions?.length ? `${id}-suggestions` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined}
        className={`${inputClass} mt-1`}
        {...registration}
      />
      {suggestions?.length ? (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} message={error?.message ? `${label} ${error.message}` : undefined} />
    </div>
  );
}

/** A labelled select wired to react-hook-form; its id is `field-<name>`, as FormField's. */
export function FormSelect({
  label,
  registration,
  options,
}: {
  label: string;
  registration: UseFormRegisterReturn;
  /** Value and text of each option, in order. */
  options: [value: string, text: string][];
}) {
  const id = `field-${registration.name}`;
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} className={`${inputClass} mt-1`} {...registration}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Puts the server's refusals (`ApiError.fieldErrors()`: path → message) on the fields they name. */
export function setFieldErrors<T extends FieldValues>(setError: UseFormSetError<T>, fields: Record<string, string>) {
  for (const [field, message] of Object.entries(fields)) setError(field as Path<T>, { message });
}

/** What every account form has. */
type Credentials = { email: string; password: string };

/**
 * The email and password fields of an account form (signing in, the first admin, a new
 * account), labelled and typed alike; the autocomplete values tell password managers which
 * account and which password these are.
 */
export function CredentialFields<T extends Credentials>({
  register,
  errors,
  emailAutoComplete,
  passwordAutoComplete,
  passwordHint,
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  emailAutoComplete: "username" | "off";
  passwordAutoComplete: "current-password" | "new-password";
  passwordHint?: string;
}) {
  // T has both fields, but TypeScript cannot resolve a literal path of a generic form.
  const fieldErrors = errors as FieldErrors<Credentials>;
  return (
    <>
      <FormField
        label="Email"
        type="email"
        autoComplete={emailAutoComplete}
        registration={register("email" as Path<T>)}
        error={fieldErrors.email}
      />
      <FormField
        label="Password"
        type="password"
        autoComplete={passwordAutoComplete}
        hint={passwordHint}
        registration={register("password" as Path<T>)}
        error={fieldErrors.password}
      />
    </>
  );
}
