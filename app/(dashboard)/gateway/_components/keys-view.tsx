"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { RelativeTime } from "@/app/_components/relative-time";
import { FramedTable } from "@/app/_components/table";
import {
  FieldError,
  FormAlert,
  LoadError,
  buttonClass,
  dangerButtonClass,
  inputClass,
  labelClass,
  secondaryButtonClass,
  selectClass,
} from "@/app/_components/ui";
import { copyText } from "@/app/(dashboard)/playground/_components/clipboard";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { ApiError } from "@/lib/queries/api-client";
import { type KeyListItem, useCreateKey, useKeys, useRevokeKey } from "@/lib/queries/gateway";
import { createKeyBodySchema } from "@/lib/schemas/gateway";
import { ConnectSnippets } from "./connect-snippets";

type Summary = Pick<
  KeyListItem,
  "id" | "name" | "environment" | "createdAt" | "lastUsedAt" | "revokedAt" | "expiresAt" | "requests24h"
>;

type Props =
  | { mode: "admin"; initialKeys: KeyListItem[]; routeNames: string[]; activeEnvironment: Environment; baseUrl: string }
  | { mode: "read"; summaries: Summary[] };

const stateOf = (k: Summary) =>
  k.revokedAt ? "revoked" : k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? "expired" : "active";

function Cell({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return <td className={`px-3 py-2 align-top ${className}`}>{children}</td>;
}

const when = (iso: string | null) => (iso ? <RelativeTime iso={iso} /> : "never");

/** Keys: admins create (the secret once) and revoke; everyone else sees which keys exist and their use. */
export function KeysView(props: Props) {
  if (props.mode === "read") {
    return (
      <div className="space-y-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="keys-read-only">
          Only admins create and revoke keys and see their prefixes. Ask an admin for a key for your application.
        </p>
        <KeyTable keys={props.summaries} />
      </div>
    );
  }
  return <AdminKeys {...props} />;
}

function KeyTable({
  keys,
  prefix,
  actions,
}: {
  keys: Summary[];
  prefix?: (k: Summary) => string;
  actions?: (k: Summary) => React.ReactNode;
}) {
  if (keys.length === 0) return <p className="text-sm text-zinc-600">No keys yet.</p>;
  return (
    <FramedTable
      label="Gateway keys"
      caption="Gateway keys"
      minWidth="min-w-[48rem]"
      columns={[
        "Name",
        ...(prefix ? ["Prefix"] : []),
        "Environment",
        "State",
        "Created",
        "Last used",
        "Requests (24 h)",
        ...(actions ? [""] : []),
      ]}
    >
      {keys.map((k) => (
        <tr key={k.id} data-testid="key-row">
          <Cell className="font-medium">{k.name}</Cell>
          {prefix ? <Cell className="font-mono text-xs">{prefix(k)}…</Cell> : null}
          <Cell>{k.environment}</Cell>
          <Cell>{stateOf(k)}</Cell>
          <Cell className="whitespace-nowrap">{when(k.createdAt)}</Cell>
          <Cell className="whitespace-nowrap">{when(k.lastUsedAt)}</Cell>
          <Cell>{k.requests24h}</Cell>
          {actions ? <Cell>{actions(k)}</Cell> : null}
        </tr>
      ))}
    </FramedTable>
  );
}

function AdminKeys({ initialKeys, routeNames, activeEnvironment, baseUrl }: Extract<Props, { mode: "admin" }>) {
  const keys = useKeys(initialKeys);
  const create = useCreateKey();
  const revoke = useRevokeKey();
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState<Environment>(activeEnvironment);
  const [routes, setRoutes] = useState<string[]>([]);
  const [allowDirect, setAllowDirect] = useState(false);
  const [rpm, setRpm] = useState("");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
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
      setName("");
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setFormError(err instanceof Error ? err.message : String(err));
    }
  }

  const field = (key: string, label: string) => (errors[key] ? `${label} ${errors[key]}` : undefined);
  return (
    <div className="space-y-6">
      {created ? (
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
            <button type="button" className={secondaryButtonClass} onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </div>
          <h3 className="text-sm font-semibold">Connect your app with this key</h3>
          <ConnectSnippets baseUrl={baseUrl} secret={created.secret} route={routes[0] ?? routeNames[0] ?? "default"} />
        </section>
      ) : null}
      <form
        onSubmit={submit}
        noValidate
        aria-label="New key"
        className="grid gap-4 rounded-lg border border-zinc-200 p-4 sm:grid-cols-2 dark:border-zinc-800"
      >
        <h2 className="font-semibold sm:col-span-2">New key</h2>
        <div className="sm:col-span-2">
          <FormAlert message={formError} />
        </div>
        <div>
          <label htmlFor="key-name" className={labelClass}>
            Name
          </label>
          <input
            id="key-name"
            className={inputClass}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.name ? true : undefined}
          />
          <FieldError id="key-name-error" message={field("name", "Name")} />
        </div>
        <div>
          <label htmlFor="key-environment" className={labelClass}>
            Environment
          </label>
          <select
            id="key-environment"
            className={`${selectClass} py-2`}
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as Environment)}
          >
            {ENVIRONMENTS.map((env) => (
              <option key={env}>{env}</option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className={labelClass}>Routes allowed (none ticked: every route)</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {routeNames.map((r) => (
              <label key={r} className="inline-flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={routes.includes(r)}
                  onChange={(e) => setRoutes((l) => (e.target.checked ? [...l, r] : l.filter((x) => x !== r)))}
                />
                <span className="font-mono">{r}</span>
              </label>
            ))}
            {routeNames.length === 0 ? <span className="text-sm text-zinc-500">no routes yet</span> : null}
          </div>
          <FieldError id="key-routes-error" message={field("routes", "Routes")} />
        </fieldset>
        <label className="inline-flex items-center gap-2 self-end text-sm">
          <input type="checkbox" checked={allowDirect} onChange={(e) => setAllowDirect(e.target.checked)} />
          Direct targets allowed (<code>Provider name/model</code>)
        </label>
        <div>
          <label htmlFor="key-rpm" className={labelClass}>
            Requests per minute (blank: no limit)
          </label>
          <input
            id="key-rpm"
            inputMode="numeric"
            className={inputClass}
            value={rpm}
            onChange={(e) => setRpm(e.target.value)}
            aria-invalid={errors.rpm ? true : undefined}
          />
          <FieldError id="key-rpm-error" message={field("rpm", "Requests per minute")} />
        </div>
        <div>
          <label htmlFor="key-expires" className={labelClass}>
            Expires (blank: never)
          </label>
          <input
            id="key-expires"
            type="datetime-local"
            className={inputClass}
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            aria-invalid={errors.expiresAt ? true : undefined}
          />
          <FieldError id="key-expires-error" message={field("expiresAt", "Expiry")} />
        </div>
        <div className="sm:col-span-2">
          <button type="submit" className={buttonClass} disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </button>
        </div>
      </form>
      <LoadError error={keys.error} />
      <KeyTable
        keys={keys.data ?? []}
        prefix={(k) => (keys.data ?? []).find((x) => x.id === k.id)?.prefix ?? ""}
        actions={(k) =>
          k.revokedAt ? null : confirm === k.id ? (
            <span className="inline-flex flex-wrap gap-2">
              <button
                type="button"
                className={dangerButtonClass}
                onClick={() =>
                  revoke.mutate(k.id, {
                    onSuccess: () => {
                      toast.success(`Revoked ${k.name}: applications using it are refused from now on.`);
                      setConfirm(null);
                    },
                    onError: (err) => toast.error(err.message),
                  })
                }
              >
                Yes, revoke {k.name}
              </button>
              <button type="button" className={secondaryButtonClass} onClick={() => setConfirm(null)}>
                Keep it
              </button>
            </span>
          ) : (
            <button type="button" className={dangerButtonClass} onClick={() => setConfirm(k.id)}>
              Revoke {k.name}
            </button>
          )
        }
      />
      <p className="text-sm">
        <Link href="/gateway/connect" className="text-brand-600 hover:underline dark:text-brand-100">
          Connect your app
        </Link>{" "}
        shows the snippets for any key and route.
      </p>
    </div>
  );
}
