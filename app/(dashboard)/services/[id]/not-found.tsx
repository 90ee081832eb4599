import { PageMessage, WaysOut } from "@/components/ui/page-state";

// notFound() from a service page and its smoke tests.
export default function ServiceNotFound() {
  return (
    <PageMessage title="Service not found" testId="service-not-found">
      <p className="text-sm">
        There is no service at this address. It may have been removed from the catalog, or the link is mistyped.
      </p>
      <WaysOut ways={[{ href: "/services", label: "All services" }]} />
    </PageMessage>
  );
}
