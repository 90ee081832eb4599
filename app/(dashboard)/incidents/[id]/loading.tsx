import { PageLoading } from "@/components/ui/page-state";

export default function IncidentLoading() {
  return <PageLoading label="Loading the incident…" blocks={[16, 48, 64, 40]} />;
}
