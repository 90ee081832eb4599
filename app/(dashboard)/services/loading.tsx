import { PageLoading } from "@/components/ui/page-state";

export default function ServicesLoading() {
  return <PageLoading label="Loading services…" blocks={[10, 32, 32]} />;
}
