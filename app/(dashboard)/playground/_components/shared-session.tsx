import { columnsFromSession } from "@/lib/playground/session";
import type { SessionData } from "@/lib/schemas/playground";
import { MessageList } from "./message-list";
import { columnGridClass } from "./styles";

function settingsSummary(s: SessionData["settings"]): string[] {
  const p = s.params;
  return [
    p.temperature !== undefined ? `temperature ${p.temperature}` : null,
    p.topP !== undefined ? `top P ${p.topP}` : null,
    p.maxTokens !== undefined ? `max tokens ${p.maxTokens}` : null,
    p.seed !== undefined ? `seed ${p.seed}` : null,
    p.stop?.length ? `${p.stop.length} stop sequence${p.stop.length === 1 ? "" : "s"}` : null,
    s.responseFormat.type === "json_object" ? "JSON mode" : null,
    s.responseFormat.type === "json_schema" ? "structured output" : null,
    s.tools?.length ? `tools: ${s.tools.map((t) => t.function.name).join(", ")}` : null,
  ].filter((x): x is string => x !== null);
}

/** A saved session, read-only (share links): settings, then each column's target and conversation. */
export function SharedSession({ data, providerNames }: { data: SessionData; providerNames: Record<string, string> }) {
  const columns = columnsFromSession(data);
  const summary = settingsSummary(data.settings);
  const name = (id: string) => providerNames[id] ?? "an unavailable provider";
  return (
    <div className="space-y-4">
      <section aria-label="Settings" className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
        <h2 className="font-semibold">Settings</h2>
        {data.settings.system ? (
          <p className="mt-1 whitespace-pre-wrap">
            <span className="text-zinc-500">System prompt: </span>
            {data.settings.system}
          </p>
        ) : null}
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          {summary.length ? summary.join(" · ") : "Provider defaults"}
        </p>
      </section>
      <div className={columnGridClass(columns.length)}>
        {columns.map((c, i) => (
          <section
            key={c.id}
            aria-label={`Column ${i + 1}`}
            className="min-w-0 space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="text-sm">
              <p className="font-medium">
                {name(c.target.providerId)} · {c.target.model}
              </p>
              {c.fallbacks.length ? (
                <p className="text-xs text-zinc-500">
                  Fallbacks: {c.fallbacks.map((f) => `${name(f.providerId)} · ${f.model}`).join(" → ")}
                </p>
              ) : null}
              {!c.sameSettings ? (
                <p className="text-xs text-zinc-500">
                  Own settings:{" "}
                  {Object.entries(c.overrides)
                    .filter(([, v]) => v !== "")
                    .map(([k, v]) => `${k} ${v}`)
                    .join(", ")}
                </p>
              ) : null}
            </div>
            <MessageList messages={c.messages} />
          </section>
        ))}
      </div>
    </div>
  );
}
