import { PageMessage, WaysOut } from "@/components/ui/page-state";

export const metadata = { title: "Not found" };

// Addresses that match no route. Pages that look up an id have their own, nearer not-found.tsx.
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-7xl p-4">
      <PageMessage title="Page not found" testId="not-found">
        <p className="text-sm">Nothing lives at this address. The link may be mistyped or out of date.</p>
        <WaysOut
          ways={[
            { href: "/incidents", label: "Incidents" },
            { href: "/status", label: "Status page" },
          ]}
        />
      </PageMessage>
    </main>
  );
}
