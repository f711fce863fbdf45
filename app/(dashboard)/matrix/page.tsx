import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Matrix" };

export default function MatrixPage() {
  return (
    <>
      <PageHeader
        title="Compatibility matrix"
        description="Which OpenAI API features each provider and model really supports, judged from what the responses contain."
      />
      <EmptyState title="No probe results yet" action={{ href: "/providers", label: "Go to providers" }}>
        <p>
          The matrix fills in once providers are configured and probed. Each cell will show a verdict — supported,
          partial, unsupported, error or skipped — with the evidence behind it.
        </p>
      </EmptyState>
    </>
  );
}
