import Link from "next/link";
import { buttonClass } from "./_components/ui";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-100">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The address may be mistyped, or the thing it pointed to was deleted.
      </p>
      <Link href="/" className={buttonClass}>
        Back to Switchyard
      </Link>
    </main>
  );
}
