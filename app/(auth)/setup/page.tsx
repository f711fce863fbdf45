import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isSetupNeeded } from "@/lib/server/users/service";
import { SetupForm } from "../_components/setup-form";

export const metadata: Metadata = { title: "Create the admin account" };
// Reads the database on every visit: whether an account exists decides what to show.
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await isSetupNeeded())) redirect("/sign-in");
  return (
    <>
      <h1 className="text-xl font-semibold">Create the admin account</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        This is a fresh Switchyard. The first account manages providers, settings and the other accounts.
      </p>
      <SetupForm />
    </>
  );
}
