import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/server/session";
import { isSetupNeeded } from "@/lib/server/users/service";
import { AppShell } from "./_components/app-shell";

/** Every dashboard page needs a signed-in user; a fresh install goes to first-run setup. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser(await headers());
  if (!user) redirect((await isSetupNeeded()) ? "/setup" : "/sign-in");
  return <AppShell user={user}>{children}</AppShell>;
}
