import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getPlaygroundSession, listPlaygroundSessions } from "@/lib/server/playground/sessions";
import { listPlaygroundTargets } from "@/lib/server/playground/targets";
import { requirePageUser } from "@/lib/server/session";
import { PlaygroundView } from "./_components/playground-view";

export const metadata: Metadata = { title: "Playground" };

/** The browser playground; `?session=<id>` reopens a saved (or shared) session. */
export default async function PlaygroundPage({
  searchParams,
}: {
  searchParams: Promise<{ session?: string | string[] }>;
}) {
  const user = await requirePageUser();
  const { session: sessionParam } = await searchParams;
  const sessionId = typeof sessionParam === "string" && sessionParam ? sessionParam : null;
  const targets = await listPlaygroundTargets();
  const header = (
    <PageHeader
      title="Playground"
      description="Chat with any enabled provider through Switchyard's server, so keys never reach the browser. Replies show timing, usage, the degradations applied and who answered."
    />
  );
  if (targets.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No provider to talk to yet" action={{ href: "/providers", label: "Go to providers" }}>
          <p>
            The playground needs at least one enabled provider. Once one is configured and enabled, you can chat with
            its models here.
            {hasRole(user.role, "admin") ? null : " Ask an admin to add or enable one."}
          </p>
        </EmptyState>
      </>
    );
  }
  const [sessions, session] = await Promise.all([
    listPlaygroundSessions(user.id),
    sessionId
      ? getPlaygroundSession(sessionId, user).catch((err: unknown) => {
          if (err instanceof AppError && err.code === "not_found") return null;
          throw err;
        })
      : null,
  ]);
  return (
    <PlaygroundView
      initialTargets={targets}
      initialSessions={sessions}
      initialSession={session}
      sessionNotFound={sessionId !== null && session === null}
      canSend={hasRole(user.role, "member")}
    />
  );
}
