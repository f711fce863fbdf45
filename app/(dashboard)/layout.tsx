import { requirePageUser } from "@/lib/server/session";
import { AppShell } from "./_components/app-shell";

/** Every dashboard page needs a signed-in user; a fresh install goes to first-run setup. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={user}>{children}</AppShell>;
}
