"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/app/_components/ui";
import { useAddSimulatedProviders } from "@/lib/queries/providers";

/** "Add simulated providers": the zero-install demo, one provider per simulator profile. */
export function AddSimulatedButton({ goToProviders = false }: { goToProviders?: boolean }) {
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
        if (goToProviders) router.push("/providers");
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
