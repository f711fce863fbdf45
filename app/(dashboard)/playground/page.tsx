import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Playground" };

export default function PlaygroundPage() {
  return (
    <>
      <PageHeader
        title="Playground"
        description="Chat with any configured provider through Switchyard's server, so keys never reach the browser."
      />
      <EmptyState title="No provider to talk to yet" action={{ href: "/providers", label: "Go to providers" }}>
        <p>
          The playground needs at least one configured provider. Once one exists, you can chat with its models here.
        </p>
      </EmptyState>
    </>
  );
}
