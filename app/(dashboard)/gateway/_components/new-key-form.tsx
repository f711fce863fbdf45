"use client";

import { useState } from "react";
import {
  Field,
  FieldError,
  FormAlert,
  SelectField,
  buttonClass,
  inputClass,
  labelClass,
  secondaryButtonClass,
} from "@/app/_components/ui";
import { copyText } from "@/app/(dashboard)/playground/_components/clipboard";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { ApiError } from "@/lib/queries/api-client";
import { useCreateKey } from "@/lib/queries/gateway";
import { createKeyBodySchema } from "@/lib/schemas/gateway";
import { ConnectSnippets } from "./connect-snippets";

/** The new key's fields as typed (numbers and dates stay text until sent). */
type KeyDraft = {
  name: string;
  environment: Environment;
  routes: string[];
  allowDirect: boolean;
  rpm: string;
  expires: string;
};

/** A created key: its secret is in this page's memory only, shown once. */
type CreatedKey = { name: string; secret: string };

/**
 * The new-key form's state: the draft, errors by field (the same zod schema as the API checks
 * first), the server's message, and the key just created.
 */
export function useNewKey(activeEnvironment: Environment) {
  const create = useCreateKey();
  const [draft, setDraft] = useState<KeyDraft>({
    name: "",
    environment: activeEnvironment,
    routes: [],
    allowDirect: false,
    rpm: "",
    expires: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const set = (patch: Partial<KeyDraft> | ((d: KeyDraft) => Partial<KeyDraft>)) =>
    setDraft((d) => ({ ...d, ...(typeof patch === "function" ? patch(d) : patch) }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { name, environment, routes, allowDirect, rpm, expires } = draft;
    const body = {
      name,
      environment,
      ...(routes.length ? { routes } : {}),
      allowDirect,
      ...(rpm ? { rpm: Number(rpm) } : {}),
      ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
    };
    const parsed = createKeyBodySchema.safeParse(body);
    if (!parsed.success) {
      const out: Record<string, string> = {};
      for (const i of parsed.error.issues) out[String(i.path[0] ?? "")] ??= i.message;
      setErrors(out);
      return;
    }
    setErrors({});
    try {
      const res = await create.mutateAsync(parsed.data);
      setCreated({ name: res.key.name, secret: res.secret });
      set({ name: "" });
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setFormError(err instanceof Error ? err.message : String(err));
    }
  }

  return {
    draft,
    set,
    errors,
    formError,
    created,
    dismiss: () => setCreated(null),
    submit,
    isCreating: create.isPending,
  };
}

type NewKey = ReturnType<typeof useNewKey>;

/** The key just created: its secret once (copy it now), and the snippets to connect with it. */
export function NewKeySecret({
  created,
  baseUrl,
  route,
  onDismiss,
}: {
  created: CreatedKey;
  baseUrl: string;
  /** The route the snippets call. */
  route: string;
  onDismiss: () => void;
}) {
  return (
    <section
      aria-label="New key"
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950"
    >
      <h2 className="font-semibold">Key “{created.name}” created</h2>
      <p className="text-sm font-medium text-amber-900 dark:text-amber-200">
        Copy the secret now: you will not see this again. Only its hash is stored.
      </p>
      <div className="flex flex-wrap gap-2">
        <label htmlFor="new-key-secret" className="sr-only">
          Secret
        </label>
        <input
          id="new-key-secret"
          readOnly
          value={created.secret}
          className={`${inputClass} max-w-md font-mono`}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void copyText(created.secret, "Copied the secret.")}
        >
          Copy secret
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDismiss}>
          I have stored it
        </button>
      </div>
      <h3 className="text-sm font-semibold">Connect your app with this key</h3>
      <ConnectSnippets baseUrl={baseUrl} secret={created.secret} route={route} />
    </section>
  );
}

/** Name, environment, the routes it may call, direct targets, a rate limit and an expiry. */
export function NewKeyForm({ newKey, routeNames }: { newKey: NewKey; routeNames: string[] }) {
  const { draft, set, errors } = newKey;
  return (
    <form
      onSubmit={newKey.submit}
      noValidate
      aria-label="New key"
      className="grid gap-4 rounded-lg border border-zinc-200 p-4 sm:grid-cols-2 dark:border-zinc-800"
    >
      <h2 className="font-semibold sm:col-span-2">New key</h2>
      <div className="sm:col-span-2">
        <FormAlert message={newKey.formError} />
      </div>
      <KeyTextField newKey={newKey} field="name" />
      <SelectField
        id="key-environment"
        label="Environment"
        value={draft.environment}
        onChange={(env) => set({ environment: env as Environment })}
      >
        {ENVIRONMENTS.map((env) => (
          <option key={env}>{env}</option>
        ))}
      </SelectField>
      <RoutesFieldset
        routeNames={routeNames}
        ticked={draft.routes}
        error={errors.routes ? `Routes ${errors.routes}` : undefined}
        onToggle={(r, on) => set((d) => ({ routes: on ? [...d.routes, r] : d.routes.filter((x) => x !== r) }))}
      />
      <label className="inline-flex items-center gap-2 self-end text-sm">
        <input type="checkbox" checked={draft.allowDirect} onChange={(e) => set({ allowDirect: e.target.checked })} />
        {/* One flex item, so the code wraps with the words on a narrow screen. */}
        <span>
          Direct targets allowed (<code>Provider name/model</code>)
        </span>
      </label>
      <KeyTextField newKey={newKey} field="rpm" inputMode="numeric" />
      <KeyTextField newKey={newKey} field="expires" type="datetime-local" />
      <div className="sm:col-span-2">
        <button type="submit" className={buttonClass} disabled={newKey.isCreating}>
          {newKey.isCreating ? "Creating…" : "Create key"}
        </button>
      </div>
    </form>
  );
}

/**
 * The key form's text fields: each one's label, and the API field its errors name with the
 * word they start with ("Expiry must be in the future").
 */
const TEXT_FIELDS = {
  name: { label: "Name", apiField: "name", word: "Name" },
  rpm: { label: "Requests per minute (blank: no limit)", apiField: "rpm", word: "Requests per minute" },
  expires: { label: "Expires (blank: never)", apiField: "expiresAt", word: "Expiry" },
} as const;

/** A text field of the key form (id `key-<field>`), marked invalid and described by its error while it has one. */
function KeyTextField({
  newKey: { draft, set, errors },
  field,
  ...input
}: {
  newKey: NewKey;
  field: keyof typeof TEXT_FIELDS;
  type?: "datetime-local";
  inputMode?: "numeric";
}) {
  const { label, apiField, word } = TEXT_FIELDS[field];
  const id = `key-${field}`;
  const error = errors[apiField] ? `${word} ${errors[apiField]}` : undefined;
  return (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        {...input}
        className={inputClass}
        value={draft[field]}
        onChange={(e) => set({ [field]: e.target.value })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </Field>
  );
}

/** The routes a key may call, ticked; none ticked means every route. */
function RoutesFieldset({
  routeNames,
  ticked,
  error,
  onToggle,
}: {
  routeNames: string[];
  ticked: string[];
  error: string | undefined;
  onToggle: (route: string, on: boolean) => void;
}) {
  return (
    <fieldset aria-describedby={error ? "key-routes-error" : undefined}>
      <legend className={labelClass}>Routes allowed (none ticked: every route)</legend>
      <div className="mt-1 flex flex-wrap gap-3">
        {routeNames.map((r) => (
          <label key={r} className="inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={ticked.includes(r)} onChange={(e) => onToggle(r, e.target.checked)} />
            <span className="font-mono">{r}</span>
          </label>
        ))}
        {routeNames.length === 0 ? <span className="text-sm text-zinc-500">no routes yet</span> : null}
      </div>
      <FieldError id="key-routes-error" message={error} />
    </fieldset>
  );
}
