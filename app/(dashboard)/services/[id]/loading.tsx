import { PageLoading } from "@/components/ui/page-state";

export default function ServiceLoading() {
  return <PageLoading label="Loading the service and its cluster state…" blocks={[12, 48, 40]} />;
}
