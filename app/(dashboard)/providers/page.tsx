import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Providers" };

export default function ProvidersPage() {
  return (
    <>
      <PageHeader
        title="Providers"
        description="The team's shared list of OpenAI-compatible endpoints: OpenAI, Ollama, LM Studio, vLLM, LocalAI, llama.cpp and any other /v1 server."
      />
      <EmptyState title="No providers configured">
        <p>
          Nothing is configured yet. Providers — base URL, encrypted API key, default models and the environments each
          one serves — will be listed and edited here.
        </p>
      </EmptyState>
    </>
  );
}
