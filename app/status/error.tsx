"use client";
import { RouteError } from "@/components/ui/route-error";

// Public: no sign-in prompt and nothing internal, only a retry.
export default function StatusError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="mx-auto max-w-3xl p-6">
      <RouteError
        error={error}
        retry={retry}
        audience="public"
        title="System status is unavailable right now"
        what="The status page could not be loaded. Please try again in a minute."
        ways={[]}
      />
    </main>
  );
}
