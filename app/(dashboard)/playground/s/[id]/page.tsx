import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RelativeTime } from "@/app/_components/relative-time";
import { BackLink, PageHeader } from "@/app/_components/ui";
import { AppError } from "@/lib/errors";
import { getPlaygroundSession } from "@/lib/server/playground/sessions";
import { listPlaygroundTargets } from "@/lib/server/playground/targets";
import { requirePageUser } from "@/lib/server/session";
import { SharedSession } from "../../_components/shared-session";

export const metadata: Metadata = { title: "Shared playground session" };

/** A share link: the session read-only, for any signed-in user (404 unless it is shared or one's own). */
export default async function SharedSessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser();
  const [session, providers] = await Promise.all([
    getPlaygroundSession(id, user).catch((err: unknown) => {
      if (err instanceof AppError && err.code === "not_found") notFound();
      throw err;
    }),
    listPlaygroundTargets(),
  ]);
  const providerNames = Object.fromEntries(providers.map((p) => [p.id, p.name]));
  return (
    <>
      <BackLink href="/playground">Playground</BackLink>
      <PageHeader
        title={session.title}
        description={
          <>
            Shared by {session.ownerName} · updated <RelativeTime iso={session.updatedAt} /> · read-only
          </>
        }
        actions={
          <Link
            href={`/playground?session=${encodeURIComponent(session.id)}`}
            className="text-sm text-brand-600 hover:underline dark:text-brand-100"
          >
            {session.isOwner ? "Continue in the playground" : "Continue as a new session"}
          </Link>
        }
      />
      {session.isOwner && !session.shared ? (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Only you can see this page until you share the session.
        </p>
      ) : null}
      <SharedSession data={session.data} providerNames={providerNames} />
    </>
  );
}
