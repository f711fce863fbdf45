"use client";

import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/app/_components/ui";
import { newId } from "@/lib/playground/types";
import { fetchPlaygroundSession, usePlaygroundTargets } from "@/lib/queries/playground";
import type { PlaygroundProvider, SessionDetail, SessionSummary } from "@/lib/schemas/playground";
import { SessionsNav } from "./sessions-nav";
import { type PanelState, SidePanel, toggled } from "./side-panel";
import { Workspace } from "./workspace";

/**
 * Keeps `?session=<id>` in the address bar without a server round trip (Next.js syncs
 * `history.replaceState` with its router), so a reload reopens the same session.
 */
function setSessionParam(id: string | null) {
  window.history.replaceState(null, "", id ? `/playground?session=${encodeURIComponent(id)}` : "/playground");
}

/** Replacing the workspace aborts its streams and the partial turn is not saved: ask first. */
const LEAVE_WHILE_STREAMING = "A reply is still streaming. Stop it and leave?";

/**
 * The playground, laid out like the chat playgrounds people know: saved sessions in a left
 * rail, the conversation in the middle with the message box at the bottom, parameters in a
 * right panel. Both rails collapse; on a phone they are drawers. The workspace is remounted
 * per opened session.
 */
export function PlaygroundView({
  initialTargets,
  initialSessions,
  initialSession,
  sessionNotFound,
  canSend,
}: {
  initialTargets: PlaygroundProvider[];
  initialSessions: SessionSummary[];
  initialSession: SessionDetail | null;
  sessionNotFound: boolean;
  canSend: boolean;
}) {
  const targets = usePlaygroundTargets(initialTargets);
  const [current, setCurrent] = useState({ key: "initial", session: initialSession });
  const [activeId, setActiveId] = useState(initialSession?.isOwner ? initialSession.id : null);
  const [opening, setOpening] = useState<string | null>(null);
  const [sessionsPanel, setSessionsPanel] = useState<PanelState>(null);
  const isStreaming = useRef(false);
  // Bumped by every switch, so a session that finishes loading after a later click is dropped.
  const switches = useRef(0);

  const mayLeave = () => !isStreaming.current || window.confirm(LEAVE_WHILE_STREAMING);
  /** On a phone the drawer closes once a session is chosen; on a wide screen the rail stays. */
  const closeDrawer = () =>
    setSessionsPanel((s) => (s === true && !window.matchMedia("(min-width: 1024px)").matches ? null : s));

  async function open(id: string) {
    if (!mayLeave()) return;
    const asked = isStreaming.current;
    const switchNo = ++switches.current;
    setOpening(id);
    try {
      const session = await fetchPlaygroundSession(id);
      // A later click won, or a reply was started while the session loaded (ask once only).
      if (switchNo !== switches.current || (!asked && !mayLeave())) return;
      setCurrent({ key: newId("s"), session });
      setActiveId(session.isOwner ? session.id : null);
      setSessionParam(session.id);
      closeDrawer();
    } catch (err) {
      if (switchNo !== switches.current) return;
      toast.error(err instanceof Error ? err.message : "Could not open the session.");
    } finally {
      if (switchNo === switches.current) setOpening(null);
    }
  }

  function startNew() {
    if (!mayLeave()) return;
    switches.current += 1;
    setOpening(null);
    setCurrent({ key: newId("s"), session: null });
    setActiveId(null);
    setSessionParam(null);
    closeDrawer();
  }

  const onSaved = useCallback((id: string) => {
    setActiveId(id);
    setSessionParam(id);
  }, []);
  const onBusyChange = useCallback((busy: boolean) => {
    isStreaming.current = busy;
  }, []);
  const closeSessions = useCallback(() => setSessionsPanel(false), []);

  return (
    <div className="-mx-4 -my-6 flex h-[calc(100dvh-var(--app-header))] min-h-[30rem] overflow-hidden border-t border-zinc-100 sm:mx-0 sm:my-0 sm:h-[calc(100dvh-var(--app-header)-3rem)] sm:rounded-lg sm:border dark:border-zinc-800">
      <SidePanel side="left" label="Sessions" state={sessionsPanel} onClose={closeSessions} className="w-64">
        <SessionsNav
          initialSessions={initialSessions}
          activeId={activeId}
          opening={opening}
          canEdit={canSend}
          onOpen={(id) => void open(id)}
          onNew={startNew}
          onDeleted={(id) => (id === activeId ? startNew() : undefined)}
        />
      </SidePanel>
      <Workspace
        key={current.key}
        session={current.session}
        providers={targets.data ?? initialTargets}
        canSend={canSend}
        notice={
          sessionNotFound && current.key === "initial" ? (
            <FormAlert message="That session does not exist or is not shared with you. Here is a new one instead." />
          ) : null
        }
        sessionsOpen={sessionsPanel}
        onToggleSessions={() => setSessionsPanel(toggled(sessionsPanel))}
        onSaved={onSaved}
        onBusyChange={onBusyChange}
        onCleared={() => {
          setActiveId(null);
          setSessionParam(null);
        }}
      />
    </div>
  );
}
