import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { getMatrix } from "@/lib/server/matrix/service";
import { listProviders } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { getUserPreferences } from "@/lib/server/users/preferences";
import { getEnv } from "@/lib/env";
import { AddSimulatedButton, SimulatorOffNote } from "../providers/_components/add-simulated-button";
import { MatrixView } from "./_components/matrix-view";

export const metadata: Metadata = { title: "Matrix" };

export default async function MatrixPage() {
  const user = await requirePageUser();
  const [providers, preferences] = await Promise.all([listProviders(), getUserPreferences(user.id)]);
  const isAdmin = hasRole(user.role, "admin");
  const simulatorOn = getEnv().simulator;
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
            for local servers
            {simulatorOn ? ", or try Switchyard right away with simulated servers (then run the probes from here)" : ""}
            .
          </p>
          {isAdmin ? (
            <div className="mt-6 flex flex-wrap justify-center gap-2">
              <Link href="/providers/new" className={buttonClass}>
                Add a provider
              </Link>
              <Link href="/providers" className={secondaryButtonClass}>
                Scan for local servers
              </Link>
              {simulatorOn ? <AddSimulatedButton /> : null}
            </div>
          ) : (
            <p className="mt-2">Ask an admin to add providers.</p>
          )}
          {isAdmin && !simulatorOn ? (
            <div className="mx-auto mt-4 max-w-prose">
              <SimulatorOffNote />
            </div>
          ) : null}
        </EmptyState>
      ) : (
        <MatrixView
          initialMatrix={await getMatrix()}
          initialOrientation={preferences.matrixOrientation}
          canRun={hasRole(user.role, "member")}
        />
      )}
    </>
  );
}
