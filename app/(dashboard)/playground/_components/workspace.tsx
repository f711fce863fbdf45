"use client";

import { useCallback, useEffect, useState } from "react";
import { FormAlert } from "@/app/_components/ui";
import type { PlaygroundProvider, SessionDetail } from "@/lib/schemas/playground";
import { Column } from "./column";
import { Composer } from "./composer";
import { SettingsPanel } from "./settings-panel";
import { type PanelState, SidePanel, toggled } from "./side-panel";
import { columnGridClass } from "./styles";
import { useStickToBottom } from "./use-stick-to-bottom";
import { type WorkspaceState, useWorkspace } from "./use-workspace";
import { WorkspaceToolbar } from "./workspace-toolbar";

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
  const { busy } = ws;
  useEffect(() => {
    onBusyChange(busy);
    return () => onBusyChange(false);
  }, [busy, onBusyChange]);
  const compare = ws.columns.length > 1;
  const [settingsPanel, setSettingsPanel] = useSettingsPanel(ws.settingsErrors);
  const scroller = useStickToBottom(ws.columns);
  const closeSettings = useCallback(() => setSettingsPanel(false), [setSettingsPanel]);
  const continuesShared = !!session && !session.isOwner && canSend;

  return (
    <div className="flex min-w-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <WorkspaceToolbar
          ws={ws}
          session={session}
          canSend={canSend}
          compare={compare}
          sessions={{ state: sessionsOpen, onToggle: onToggleSessions }}
          parameters={{ state: settingsPanel, onToggle: () => setSettingsPanel(toggled(settingsPanel)) }}
          onCleared={onCleared}
        />
        {notice || continuesShared ? (
          <div className="space-y-2 px-3 pt-3">
            {notice}
            {continuesShared ? (
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
        <ComposerBar ws={ws} canSend={canSend} compare={compare} />
      </div>
      <SidePanel side="right" label="Parameters" state={settingsPanel} onClose={closeSettings} className="w-80">
        <SettingsPanel draft={ws.settings} errors={ws.settingsErrors} disabled={!canSend} onChange={ws.setSettings} />
      </SidePanel>
    </div>
  );
}

/** The parameters panel's state. A setting that stopped sending must be visible: it opens the panel (a drawer on phones). */
function useSettingsPanel(settingsErrors: WorkspaceState["settingsErrors"]) {
  const [settingsPanel, setSettingsPanel] = useState<PanelState>(null);
  const settingsProblem = Object.values(settingsErrors).some(Boolean);
  const [shownProblem, setShownProblem] = useState(false);
  if (settingsProblem !== shownProblem) {
    setShownProblem(settingsProblem);
    if (settingsProblem) setSettingsPanel(true);
  }
  return [settingsPanel, setSettingsPanel] as const;
}

/** Under the conversation: why nothing was sent (if so), and the one message box. */
function ComposerBar({ ws, canSend, compare }: { ws: WorkspaceState; canSend: boolean; compare: boolean }) {
  const problems = [
    ...Object.values(ws.settingsErrors),
    ...Object.values(ws.columnErrors).flatMap((e) => Object.values(e)),
  ].filter((m): m is string => !!m);
  return (
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
        blockedHint={ws.awaitingTools ? "Answer the tool calls first, or clear them with Clear conversation." : null}
        onSend={ws.send}
        onStop={() => ws.stop()}
      />
    </div>
  );
}
