"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/app/_components/ui";
import { useAddSimulatedProviders } from "@/lib/queries/providers";

/**
 * "Add simulated providers": the zero-install demo, one provider per simulator profile. The
 * page it is on re-renders with them (on the empty matrix, that offers "Run probes" next).
 */
export function AddSimulatedButton() {
  const router = useRouter();
  const simulated = useAddSimulatedProviders();
  function run() {
    simulated.mutate(undefined, {
      onSuccess: ({ created, skipped }) => {
        toast.success(
          created.length
            ? `Added ${created.length} simulated provider${created.length === 1 ? "" : "s"}.`
            : `All simulated providers already exist (${skipped.length}).`,
        );
        router.refresh();
      },
      onError: (err) => toast.error(err.message),
    });
  }
  return (
    <button type="button" className={secondaryButtonClass} onClick={run} disabled={simulated.isPending}>
      {simulated.isPending ? "Adding…" : "Add simulated providers"}
    </button>
  );
}

/**
 * In place of "Add simulated providers" when this instance does not serve the simulator
 * (`SIMULATOR`, on by default only with `ENVIRONMENT=development`): how to turn it on.
 */
export function SimulatorOffNote() {
  return (
    <p data-testid="simulator-off" className="text-sm text-zinc-600 dark:text-zinc-400">
      Simulated providers need the built-in simulator, which is off on this instance. Start Switchyard with{" "}
      <code className="font-mono text-xs">SIMULATOR=on</code> to add them (it is on by default when{" "}
      <code className="font-mono text-xs">ENVIRONMENT=development</code>).
    </p>
  );
}
