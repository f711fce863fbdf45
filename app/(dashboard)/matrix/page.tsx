import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { listProviders } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { AddSimulatedButton } from "../providers/_components/add-simulated-button";

export const metadata: Metadata = { title: "Matrix" };

export default async function MatrixPage() {
  const user = await requirePageUser();
  const providers = await listProviders();
  const isAdmin = hasRole(user.role, "admin");
  return (
    <>
      <PageHeader
        title="Compatibility matrix"
        description="Which OpenAI API features each provider and model really supports, judged from what the responses contain."
      />
      {providers.length === 0 ? (
        <EmptyState title="No providers yet">
          <p>
            The matrix compares the OpenAI-compatible servers your team uses. Add one from a preset, scan this machine
            for local servers, or try Switchyard right away with simulated servers.
          </p>
          {isAdmin ? (
            <div className="mt-6 flex flex-wrap justify-center gap-2">
              <Link href="/providers/new" className={buttonClass}>
                Add a provider
              </Link>
              <Link href="/providers" className={secondaryButtonClass}>
                Scan for local servers
              </Link>
              <AddSimulatedButton goToProviders />
            </div>
          ) : (
            <p className="mt-2">Ask an admin to add providers.</p>
          )}
        </EmptyState>
      ) : (
        <EmptyState title="No probe results yet" action={{ href: "/providers", label: "Go to providers" }}>
          <p>
            {providers.length} provider{providers.length === 1 ? " is" : "s are"} configured but not probed yet. Each
            cell will show a verdict — supported, partial, unsupported, error or skipped — with the evidence behind it.
          </p>
        </EmptyState>
      )}
    </>
  );
}
