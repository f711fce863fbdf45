"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { RelativeTime } from "@/app/_components/relative-time";
import { FramedTable } from "@/app/_components/table";
import { LoadError, dangerButtonClass, secondaryButtonClass } from "@/app/_components/ui";
import type { Environment } from "@/lib/environments";
import { type KeyListItem, useKeys, useRevokeKey } from "@/lib/queries/gateway";
import { NewKeyForm, NewKeySecret, useNewKey } from "./new-key-form";

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
  const revoke = useRevokeKey();
  const newKey = useNewKey(activeEnvironment);
  const [confirm, setConfirm] = useState<string | null>(null);
  const list = keys.data ?? [];
  const prefixes = new Map(list.map((k) => [k.id, k.prefix]));

  const revokeKey = (k: Summary) =>
    revoke.mutate(k.id, {
      onSuccess: () => {
        toast.success(`Revoked ${k.name}: applications using it are refused from now on.`);
        setConfirm(null);
      },
      onError: (err) => toast.error(err.message),
    });

  return (
    <div className="space-y-6">
      {newKey.created ? (
        <NewKeySecret
          created={newKey.created}
          baseUrl={baseUrl}
          route={newKey.draft.routes[0] ?? routeNames[0] ?? "default"}
          onDismiss={newKey.dismiss}
        />
      ) : null}
      <NewKeyForm newKey={newKey} routeNames={routeNames} />
      <LoadError error={keys.error} />
      <KeyTable
        keys={list}
        prefix={(k) => prefixes.get(k.id) ?? ""}
        actions={(k) =>
          k.revokedAt ? null : (
            <RevokeAction
              name={k.name}
              confirming={confirm === k.id}
              onAsk={() => setConfirm(k.id)}
              onRevoke={() => revokeKey(k)}
              onKeep={() => setConfirm(null)}
            />
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

/** Revoke, asked twice: the first click asks, "Yes, revoke" revokes, "Keep it" takes it back. */
function RevokeAction({
  name,
  confirming,
  onAsk,
  onRevoke,
  onKeep,
}: {
  name: string;
  confirming: boolean;
  onAsk: () => void;
  onRevoke: () => void;
  onKeep: () => void;
}) {
  if (!confirming)
    return (
      <button type="button" className={dangerButtonClass} onClick={onAsk}>
        Revoke {name}
      </button>
    );
  return (
    <span className="inline-flex flex-wrap gap-2">
      <button type="button" className={dangerButtonClass} onClick={onRevoke}>
        Yes, revoke {name}
      </button>
      <button type="button" className={secondaryButtonClass} onClick={onKeep}>
        Keep it
      </button>
    </span>
  );
}
