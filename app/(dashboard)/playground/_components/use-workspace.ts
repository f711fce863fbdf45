"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import {
  awaitsToolResults,
  buildChatRequest,
  copyMessages,
  defaultTarget,
  editUserMessage,
  isStreaming,
  newColumn,
  withoutLastReply,
} from "@/lib/playground/conversation";
import { newReply } from "@/lib/playground/reply";
import { DEFAULT_SETTINGS, columnsFromSession, toSessionData } from "@/lib/playground/session";
import { EMPTY_SETTINGS, draftFromSettings, parseSettingsDraft } from "@/lib/playground/settings";
import {
  newId,
  type AssistantMessage,
  type ColumnState,
  type FieldErrors,
  type SettingsDraft,
  type SettingsField,
  type UiMessage,
} from "@/lib/playground/types";
import {
  MAX_COMPARE_COLUMNS,
  type ChatRequest,
  type ChatSettings,
  type PlaygroundProvider,
  type SessionDetail,
} from "@/lib/schemas/playground";
import type { MessageActions } from "./message-list";
import type { ToolResult } from "./tool-calls";
import { useChatRunner } from "./use-chat-runner";
import { useSessionSaver } from "./use-session-saver";
import { useStableCallback } from "./use-stable-callback";

/** Which columns send, each with its conversation as it will be sent. */
type Plan = { columnId: string; messages: UiMessage[] }[];

/** A planned column ready to stream: the request built from its conversation, and the reply it fills. */
type PlannedRequest = { columnId: string; messages: UiMessage[]; request: ChatRequest; reply: AssistantMessage };

/** The state the playground keeps and the actions it offers (what `Workspace` renders). */
export type WorkspaceState = ReturnType<typeof useWorkspace>;

function initialColumns(session: SessionDetail | null, providers: PlaygroundProvider[]): ColumnState[] {
  const columns = session ? columnsFromSession(session.data) : [];
  return columns.length ? columns : [newColumn(defaultTarget(providers))];
}

/** The columns whose conversation `edit` changes, each with the edited conversation (null: leave that column). */
function planEach(columns: ColumnState[], edit: (messages: UiMessage[]) => UiMessage[] | null): Plan {
  return columns.flatMap((c) => {
    const messages = edit(c.messages);
    return messages ? [{ columnId: c.id, messages }] : [];
  });
}

/** Each planned column's request, or the errors of the columns that cannot send (a target not filled in). */
function buildRequests(
  plan: Plan,
  columns: ColumnState[],
  settings: ChatSettings | null,
  currentSessionId: () => string | null,
): { requests: PlannedRequest[]; errors: Record<string, FieldErrors> } {
  const errors: Record<string, FieldErrors> = {};
  const requests = plan.flatMap(({ columnId, messages }) => {
    const column = columns.find((c) => c.id === columnId);
    if (!column || !settings) return [];
    const built = buildChatRequest({ ...column, messages }, settings, currentSessionId());
    if (!built.ok) errors[columnId] = built.errors;
    return built.ok ? [{ columnId, messages, request: built.request, reply: newReply(performance.now()) }] : [];
  });
  return { requests, errors };
}

/** The shared settings as typed, with their errors from the last send. */
function useSettingsDraft(session: SessionDetail | null) {
  const [draft, setDraft] = useState<SettingsDraft>(() =>
    session ? draftFromSettings(session.data.settings) : EMPTY_SETTINGS,
  );
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  const update = (patch: Partial<SettingsDraft>) => {
    setDraft((s) => ({ ...s, ...patch }));
    // An edited field's old error would mislead; the others stay until the next send.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  };
  return { draft, errors, setErrors, update };
}

/**
 * Adding, changing and removing compare columns. Compare on adds a second column (a copy of
 * the conversation so far); off keeps column 1. A removed column's stream is stopped.
 */
function columnActions(
  columns: ColumnState[],
  setColumns: React.Dispatch<React.SetStateAction<ColumnState[]>>,
  runner: ReturnType<typeof useChatRunner>,
  providers: PlaygroundProvider[],
) {
  const updateColumn = (id: string, update: (c: ColumnState) => ColumnState) =>
    setColumns((cols) => cols.map((c) => (c.id === id ? update(c) : c)));
  const addColumn = () =>
    setColumns((cols) =>
      cols.length >= MAX_COMPARE_COLUMNS
        ? cols
        : // A new column starts at the environment's default target (listed first), not at whichever provider comes next.
          [...cols, newColumn(defaultTarget(providers), copyMessages(cols[0]?.messages ?? []))],
    );
  const removeColumn = (id: string) => {
    runner.stop(id);
    setColumns((cols) => (cols.length > 1 ? cols.filter((c) => c.id !== id) : cols));
  };
  const setCompare = (on: boolean) => {
    if (on) return addColumn();
    for (const c of columns.slice(1)) runner.stop(c.id);
    setColumns((cols) => cols.slice(0, 1));
  };
  return { updateColumn, addColumn, removeColumn, setCompare };
}

/**
 * Saves once every column has finished (stopped and failed replies are kept too), with the
 * settings the replies were sent with; `sent` marks a send, `discard` forgets it (Clear).
 */
function useSaveAfterReplies(
  save: (data: ReturnType<typeof toSessionData>) => void,
  initialSettings: ChatSettings,
  busy: boolean,
  columns: ColumnState[],
) {
  const sentSettings = useRef<ChatSettings>(initialSettings);
  const dirty = useRef(false);
  useEffect(() => {
    if (busy || !dirty.current) return;
    dirty.current = false;
    save(toSessionData(sentSettings.current, columns));
  }, [busy, columns, save]);
  return {
    sent: (settings: ChatSettings) => {
      sentSettings.current = settings;
      dirty.current = true;
    },
    discard: () => {
      dirty.current = false;
    },
  };
}

/**
 * Sending: a new user message to every column, regenerate, edit-and-resend and tool results.
 * Each validates the settings and the columns first and starts one stream per column.
 */
function useSending({
  canSend,
  columns,
  setColumns,
  settings,
  setColumnErrors,
  currentSessionId,
  runner,
  onSent,
}: {
  canSend: boolean;
  columns: ColumnState[];
  setColumns: React.Dispatch<React.SetStateAction<ColumnState[]>>;
  settings: ReturnType<typeof useSettingsDraft>;
  setColumnErrors: (errors: Record<string, FieldErrors>) => void;
  currentSessionId: () => string | null;
  runner: ReturnType<typeof useChatRunner>;
  onSent: (settings: ChatSettings) => void;
}) {
  const awaitingTools = columns.some((c) => awaitsToolResults(c.messages));

  /** Validates everything, then starts one stream per planned column; false when nothing was sent. */
  const dispatch = (plan: Plan): boolean => {
    if (!canSend || plan.length === 0) return false;
    const parsed = parseSettingsDraft(settings.draft);
    settings.setErrors(parsed.ok ? {} : parsed.errors);
    const { requests, errors } = buildRequests(plan, columns, parsed.ok ? parsed.settings : null, currentSessionId);
    setColumnErrors(errors);
    if (!parsed.ok || Object.keys(errors).length > 0) return false;
    onSent(parsed.settings);
    setColumns((cols) =>
      cols.map((c) => {
        const r = requests.find((x) => x.columnId === c.id);
        return r ? { ...c, messages: [...r.messages, r.reply] } : c;
      }),
    );
    for (const r of requests) void runner.start(r.columnId, r.reply.id, r.request);
    return true;
  };

  const send = (content: string, images: string[]) => {
    if (awaitingTools) return false;
    const message: UiMessage = { id: newId(), role: "user", content, ...(images.length ? { images } : {}) };
    return dispatch(columns.map((c) => ({ columnId: c.id, messages: [...c.messages, { ...message, id: newId() }] })));
  };
  const regenerate = () => dispatch(planEach(columns, withoutLastReply));
  const editAndResend = useStableCallback((ordinal: number, content: string) =>
    dispatch(planEach(columns, (messages) => editUserMessage(messages, ordinal, content))),
  );

  /** Answers the tool calls of reply `replyId`, in the column that holds it. */
  const sendToolResults = useStableCallback((replyId: string, results: ToolResult[]) => {
    const column = columns.find((c) => c.messages.some((m) => m.id === replyId));
    if (!column) return false;
    const tools: UiMessage[] = results.map((r) => ({ id: newId(), role: "tool", ...r }));
    return dispatch([{ columnId: column.id, messages: [...column.messages, ...tools] }]);
  });

  // Stable (see useStableCallback), so memoised messages do not re-render on every delta.
  const actions: MessageActions = useMemo(
    () => ({ onEdit: editAndResend, onToolResults: sendToolResults }),
    [editAndResend, sendToolResults],
  );

  return { awaitingTools, send, regenerate, actions };
}

/**
 * The playground's state and actions: shared settings, 1–4 columns, sending (one stream per
 * column), regenerate, edit-and-resend, tool results, compare, and saving after each reply.
 */
export function useWorkspace({
  session,
  providers,
  canSend,
  onSaved,
}: {
  session: SessionDetail | null;
  providers: PlaygroundProvider[];
  canSend: boolean;
  onSaved: (id: string) => void;
}) {
  const [columns, setColumns] = useState(() => initialColumns(session, providers));
  const settings = useSettingsDraft(session);
  const [columnErrors, setColumnErrors] = useState<Record<string, FieldErrors>>({});
  // Someone else's shared session is continued as a new session of one's own.
  const saver = useSessionSaver(session?.isOwner ? session.id : null, onSaved);
  const runner = useChatRunner(setColumns);
  const busy = columns.some(isStreaming);
  const saving = useSaveAfterReplies(saver.save, session?.data.settings ?? DEFAULT_SETTINGS, busy, columns);
  const sending = useSending({
    canSend,
    columns,
    setColumns,
    settings,
    setColumnErrors,
    currentSessionId: saver.currentId,
    runner,
    onSent: saving.sent,
  });

  /** Empties every column; the saved session stays as it was and the next reply starts a new one. */
  const clear = () => {
    runner.stop();
    saver.detach();
    saving.discard();
    setColumns((cols) => cols.map((c) => ({ ...c, messages: [] })));
    setColumnErrors({});
  };

  return {
    columns,
    settings: settings.draft,
    settingsErrors: settings.errors,
    columnErrors,
    busy,
    awaitingTools: sending.awaitingTools,
    setSettings: settings.update,
    send: sending.send,
    regenerate: sending.regenerate,
    actions: sending.actions,
    clear,
    stop: runner.stop,
    ...columnActions(columns, setColumns, runner, providers),
    canRegenerate: !busy && columns.some((c) => withoutLastReply(c.messages) !== null),
    hasMessages: columns.some((c) => c.messages.length > 0),
  };
}
