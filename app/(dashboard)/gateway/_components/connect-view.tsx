"use client";

import { useState } from "react";
import { Field, SelectField, inputClass } from "@/app/_components/ui";
import { KEY_PLACEHOLDER } from "@/lib/gateway-snippets";
import { ConnectSnippets } from "./connect-snippets";

/** Pick a route and paste a key (or keep the placeholder); the snippets follow. */
export function ConnectView({ baseUrl, routeNames }: { baseUrl: string; routeNames: string[] }) {
  const [route, setRoute] = useState(routeNames[0] ?? "default");
  const [secret, setSecret] = useState("");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-4">
        <SelectField id="connect-route" label="Route (sent as model)" value={route} onChange={setRoute}>
          {(routeNames.length ? routeNames : ["default"]).map((r) => (
            <option key={r}>{r}</option>
          ))}
        </SelectField>
        <Field
          id="connect-key"
          label="Gateway key (stays in this page; blank: a placeholder)"
          className="min-w-72 flex-1"
        >
          <input
            id="connect-key"
            className={`${inputClass} font-mono`}
            placeholder={KEY_PLACEHOLDER}
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value.trim())}
          />
          <p className="mt-1 text-xs text-zinc-500">
            A key&apos;s secret is shown only once, when an admin creates it (Keys). Base URL: <code>{baseUrl}</code>
          </p>
        </Field>
      </div>
      <ConnectSnippets baseUrl={baseUrl} secret={secret || KEY_PLACEHOLDER} route={route} />
    </div>
  );
}
