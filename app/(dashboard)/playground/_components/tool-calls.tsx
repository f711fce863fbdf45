"use client";

import { useId, useState } from "react";
import { FieldError, inputClass, labelClass, secondaryButtonClass } from "@/app/_components/ui";
import type { ToolCall } from "@/lib/schemas/playground";

export type ToolResult = { toolCallId: string; content: string };

function prettyArguments(args: string): string {
  try {
    return JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    return args;
  }
}

/**
 * The tool calls of one reply. While unanswered, each has a result box; sending answers
 * every call of the reply at once (providers reject a turn that leaves a call unanswered).
 */
export function ToolCalls({
  calls,
  pending,
  canAnswer,
  onSubmit,
}: {
  calls: ToolCall[];
  /** Ids of the calls with no result yet. */
  pending: ReadonlySet<string>;
  canAnswer: boolean;
  onSubmit: (results: ToolResult[]) => void;
}) {
  const baseId = useId();
  const [results, setResults] = useState<Record<string, string>>({});
  /** The call whose empty result stopped the last submit. */
  const [missingId, setMissingId] = useState<string | null>(null);
  const open = calls.filter((c) => pending.has(c.id));
  const missing = open.find((c) => c.id === missingId);
  const errorId = `${baseId}-error`;

  function submit() {
    const empty = open.find((c) => !(results[c.id] ?? "").trim());
    setMissingId(empty ? empty.id : null);
    if (!empty) onSubmit(open.map((c) => ({ toolCallId: c.id, content: results[c.id] ?? "" })));
  }

  return (
    <div className="space-y-2">
      {calls.map((call, i) => {
        const fieldId = `${baseId}-${i}`;
        const waiting = pending.has(call.id);
        return (
          <div
            key={call.id || i}
            data-testid="tool-call"
            className="space-y-1 rounded-md border border-violet-200 bg-violet-50 p-2 dark:border-violet-900 dark:bg-violet-950"
          >
            <p className="text-xs font-medium">
              Tool call <code className="font-mono">{call.name}</code>
              {waiting ? null : <span className="text-zinc-500"> · answered</span>}
            </p>
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-white p-2 font-mono text-xs dark:bg-zinc-900">
              {prettyArguments(call.arguments)}
            </pre>
            {waiting && canAnswer ? (
              <>
                <label htmlFor={fieldId} className={labelClass}>
                  Result for {call.name}
                </label>
                <textarea
                  id={fieldId}
                  rows={2}
                  className={`${inputClass} font-mono`}
                  placeholder='e.g. {"temperature": 21, "unit": "C"}'
                  value={results[call.id] ?? ""}
                  aria-invalid={call === missing ? true : undefined}
                  aria-describedby={call === missing ? errorId : undefined}
                  onChange={(e) => setResults((r) => ({ ...r, [call.id]: e.target.value }))}
                />
                <button type="button" className={secondaryButtonClass} onClick={submit}>
                  Send tool result
                </button>
              </>
            ) : null}
          </div>
        );
      })}
      <FieldError
        id={errorId}
        message={missing ? `Result for ${missing.name} is required (every call of this reply needs one)` : undefined}
      />
    </div>
  );
}
