import { PageLoading } from "@/components/ui/page-state";

export default function CatalogLoading() {
  return <PageLoading label="Loading the service catalog…" blocks={[10, 40, 40]} />;
}
