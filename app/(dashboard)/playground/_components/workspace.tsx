"use client";

import { Columns2, PanelLeft, PanelRight, Plus, RotateCcw, Trash2 } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { FormAlert } from "@/app/_components/ui";
import { MAX_COMPARE_COLUMNS, type PlaygroundProvider, type SessionDetail } from "@/lib/schemas/playground";
import { Column } from "./column";
import { Composer } from "./composer";
import { SettingsPanel } from "./settings-panel";
import { type PanelState, SidePanel, toggled } from "./side-panel";
import { columnGridClass, toolButtonClass } from "./styles";
import { useStickToBottom } from "./use-stick-to-bottom";
import { useWorkspace } from "./use-workspace";

/**
 * The chat: a toolbar, the conversation (one column, or 2–4 side by side in compare mode)
 * with the one message box under it, and the parameters in a side panel.
 */
export function Workspace({
  session,
  providers,
  canSend,
  notice,
  sessionsOpen,
  onToggleSessions,
  onSaved,
  onCleared,
  onBusyChange,
}: {
  session: SessionDetail | null;
  providers: PlaygroundProvider[];
  canSend: boolean;
  notice: React.ReactNode;
  sessionsOpen: PanelState;
  onToggleSessions: () => void;
  onSaved: (id: string) => void;
  onCleared: () => void;
  /** Whether a reply is streaming (the page asks before leaving it). */
  onBusyChange: (busy: boolean) => void;
}) {
  const ws = useWorkspace({ session, providers, canSend, onSaved });
  const [settingsPanel, setSettingsPanel] = useState<PanelState>(null);
  const { busy } = ws;
  useEffect(() => {
    onBusyChange(busy);
    return () => onBusyChange(false);
  }, [busy, onBusyChange]);
  const compare = ws.columns.length > 1;
  const problems = [
    ...Object.values(ws.settingsErrors),
    ...Object.values(ws.columnErrors).flatMap((e) => Object.values(e)),
  ].filter((m): m is string => !!m);
  // A setting that stopped sending must be visible: open the panel (a drawer on phones).
  const settingsProblem = Object.values(ws.settingsErrors).some(Boolean);
  const [shownProblem, setShownProblem] = useState(false);
  if (settingsProblem !== shownProblem) {
    setShownProblem(settingsProblem);
    if (settingsProblem) setSettingsPanel(true);
  }
  const scroller = useStickToBottom(ws.columns);
  const closeSettings = useCallback(() => setSettingsPanel(false), []);

  return (
    <div className="flex min-w-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-1 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
          <button
            type="button"
            className={toolButtonClass}
            aria-expanded={sessionsOpen ?? undefined}
            onClick={onToggleSessions}
            aria-label="Sessions"
            title="Show or hide the sessions"
          >
            <PanelLeft aria-hidden="true" size={16} />
            <span className="max-lg:hidden">Sessions</span>
          </button>
          <h1 className="mx-1 truncate text-base font-semibold">Playground</h1>
          {session && !session.isOwner ? (
            <span className="truncate text-xs text-zinc-500" title={session.title}>
              {session.ownerName}&apos;s “{session.title}”
            </span>
          ) : null}
          <span className="flex-1" />
          <button
            type="button"
            className={toolButtonClass}
            aria-pressed={compare}
            aria-label="Compare side by side"
            title="Compare side by side: one message, several targets"
            disabled={!canSend || ws.busy}
            onClick={() => ws.setCompare(!compare)}
          >
            <Columns2 aria-hidden="true" size={16} />
            <span className="max-lg:hidden">Compare</span>
          </button>
          {compare && canSend ? (
            <button
              type="button"
              className={toolButtonClass}
              disabled={ws.busy || ws.columns.length >= MAX_COMPARE_COLUMNS}
              onClick={ws.addColumn}
              aria-label="Add column"
            >
              <Plus aria-hidden="true" size={16} />
              <span className="max-lg:hidden">Add column</span>
            </button>
          ) : null}
          <button
            type="button"
            className={toolButtonClass}
            disabled={!canSend || !ws.canRegenerate}
            onClick={ws.regenerate}
            aria-label="Regenerate"
            title="Regenerate the last reply"
          >
            <RotateCcw aria-hidden="true" size={16} />
            <span className="max-lg:hidden">Regenerate</span>
          </button>
          <button
            type="button"
            className={toolButtonClass}
            disabled={!ws.hasMessages}
            aria-label="Clear conversation"
            title="Clear conversation"
            onClick={() => {
              ws.clear();
              onCleared();
            }}
          >
            <Trash2 aria-hidden="true" size={16} />
            <span className="max-lg:hidden">Clear</span>
          </button>
          <button
            type="button"
            className={toolButtonClass}
            aria-expanded={settingsPanel ?? undefined}
            onClick={() => setSettingsPanel(toggled(settingsPanel))}
            aria-label="Parameters"
            title="Show or hide the parameters"
          >
            <PanelRight aria-hidden="true" size={16} />
            <span className="max-lg:hidden">Parameters</span>
          </button>
        </div>
        {notice || (session && !session.isOwner && canSend) ? (
          <div className="space-y-2 px-3 pt-3">
            {notice}
            {session && !session.isOwner && canSend ? (
              <p className="rounded-md bg-brand-50 px-3 py-2 text-sm dark:bg-zinc-900">
                {session.ownerName}&apos;s shared session “{session.title}”. What you send here is saved as a new
                session of your own.
              </p>
            ) : null}
          </div>
        ) : null}
        <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto">
          <div className={columnGridClass(ws.columns.length)}>
            {ws.columns.map((column, i) => (
              <Column
                key={column.id}
                index={i}
                column={column}
                providers={providers}
                errors={ws.columnErrors[column.id] ?? {}}
                compare={compare}
                canSend={canSend}
                busy={ws.busy}
                actions={ws.actions}
                onChange={(update) => ws.updateColumn(column.id, update)}
                onRemove={() => ws.removeColumn(column.id)}
                onStop={() => ws.stop(column.id)}
              />
            ))}
          </div>
        </div>
        <div className="border-t border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950">
          {problems.length ? (
            <div className="mb-2">
              <FormAlert message={`Nothing was sent. ${problems.join(". ")}.`} />
            </div>
          ) : null}
          <Composer
            canSend={canSend}
            busy={ws.busy}
            compare={compare}
            blockedHint={
              ws.awaitingTools ? "Answer the tool calls first, or clear them with Clear conversation." : null
            }
            onSend={ws.send}
            onStop={() => ws.stop()}
          />
        </div>
      </div>
      <SidePanel side="right" label="Parameters" state={settingsPanel} onClose={closeSettings} className="w-80">
        <SettingsPanel draft={ws.settings} errors={ws.settingsErrors} disabled={!canSend} onChange={ws.setSettings} />
      </SidePanel>
    </div>
  );
}
