import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getEnv } from "@/lib/env";
import { getEnvironmentDefaults } from "@/lib/server/providers/environments";
import { listProviderModels, listProviders } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { listUsers } from "@/lib/server/users/service";
import { EnvironmentsPanel } from "./_components/environments-panel";
import { UsersPanel } from "./_components/users-panel";

export const metadata: Metadata = { title: "Settings" };

const sectionClass = "rounded-lg border border-zinc-200 p-5 dark:border-zinc-800";

export default async function SettingsPage() {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  const users = isAdmin ? await listUsers() : undefined;
  const [environments, providers] = await Promise.all([getEnvironmentDefaults(), listProviders()]);
  // What each provider listed (Refresh models / Test connection), offered in the model fields.
  const models = await Promise.all(providers.map((p) => listProviderModels(p.id)));
  return (
    <>
      <PageHeader title="Settings" description="Your account, this deployment, and who can use it." />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="account-heading" className={sectionClass}>
          <h2 id="account-heading" className="text-base font-semibold">
            Your account
          </h2>
          <dl className="mt-3 grid grid-cols-[7rem_1fr] gap-y-2 text-sm">
            <dt className="text-zinc-500">Name</dt>
            <dd>{user.name}</dd>
            <dt className="text-zinc-500">Email</dt>
            <dd>{user.email}</dd>
            <dt className="text-zinc-500">Role</dt>
            <dd>{ROLE_LABELS[user.role]}</dd>
          </dl>
        </section>
        <section aria-labelledby="env-heading" className={sectionClass}>
          <h2 id="env-heading" className="text-base font-semibold">
            Environment
          </h2>
          <p className="mt-3 text-sm">
            This instance runs as <strong data-testid="active-environment">{getEnv().environment}</strong> (set by the{" "}
            <code>ENVIRONMENT</code> variable).
          </p>
        </section>
      </div>
      <section aria-labelledby="env-defaults-heading" className={`${sectionClass} mt-6`}>
        <h2 id="env-defaults-heading" className="text-base font-semibold">
          Environment defaults
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          The provider and model used in each environment when a caller names none.
        </p>
        <EnvironmentsPanel
          initial={environments}
          providers={providers.map((p, i) => ({
            id: p.id,
            name: p.name,
            environments: p.environments,
            models: (models[i] ?? []).filter((m) => m.type !== "embedding").map((m) => m.modelId),
          }))}
          canEdit={isAdmin}
        />
      </section>
      <section aria-labelledby="users-heading" className={`${sectionClass} mt-6`}>
        <h2 id="users-heading" className="text-base font-semibold">
          Accounts
        </h2>
        {isAdmin ? (
          <UsersPanel currentUserId={user.id} initialUsers={users} />
        ) : (
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Only admins create accounts and change roles.</p>
        )}
      </section>
    </>
  );
}
