"use client";

import { useState } from "react";
import { secondaryButtonClass } from "@/app/_components/ui";
import { copyText } from "@/app/(dashboard)/playground/_components/clipboard";
import { gatewaySnippets } from "@/lib/gateway-snippets";

/** The snippets as tabs, each with its own Copy button. */
export function ConnectSnippets({ baseUrl, secret, route }: { baseUrl: string; secret: string; route: string }) {
  const snippets = gatewaySnippets(baseUrl, secret, route);
  const [chosen, setChosen] = useState(snippets[0]!.id);
  const snippet = snippets.find((s) => s.id === chosen) ?? snippets[0]!;
  return (
    <div className="space-y-2">
      <div role="tablist" aria-label="Language" className="flex flex-wrap gap-1">
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s.id === chosen}
            onClick={() => setChosen(s.id)}
            className={`rounded-md px-2.5 py-1 text-sm ${s.id === chosen ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "border border-zinc-300 dark:border-zinc-700"}`}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={snippet.label} className="relative">
        <pre data-testid="snippet" className="overflow-x-auto rounded-md bg-zinc-950 p-4 text-xs text-zinc-100">
          <code>{snippet.code}</code>
        </pre>
        <button
          type="button"
          className={`${secondaryButtonClass} absolute right-2 top-2`}
          onClick={() => void copyText(snippet.code, `Copied the ${snippet.label} snippet.`)}
        >
          Copy {snippet.label} snippet
        </button>
      </div>
    </div>
  );
}
