import { PageLoading } from "@/components/ui/page-state";

export default function StatusLoading() {
  return (
    <main className="mx-auto max-w-3xl p-6">
      <PageLoading label="Loading system status…" blocks={[12, 24, 40]} />
    </main>
  );
}
