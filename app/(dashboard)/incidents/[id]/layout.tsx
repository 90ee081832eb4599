import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guard-page";
import { db } from "@/lib/db";

// The existence check lives here, above loading.tsx's Suspense boundary: notFound() before anything
// streams answers an unknown incident with a real 404 (incidents/not-found.tsx), not a 200 whose
// streamed body says "not found". Signed-out people are sent to sign in first, learning nothing.
export default async function IncidentLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  await guardPage("incident.read");
  const { id } = await params;
  if (!(await db.incident.findUnique({ where: { id }, select: { id: true } }))) notFound();
  return children;
}
