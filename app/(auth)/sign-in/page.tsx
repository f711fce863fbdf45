import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/server/session";
import { isSetupNeeded } from "@/lib/server/users/service";
import { SignInForm } from "../_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
// Reads the database on every visit: whether an account exists decides what to show.
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await isSetupNeeded()) redirect("/setup");
  if (await getSessionUser(await headers())) redirect("/");
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Accounts are created by your Switchyard admin.</p>
      <SignInForm />
    </>
  );
}
