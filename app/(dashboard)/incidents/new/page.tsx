import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { DeclareForm } from "@/components/incidents/declare-form";

export const metadata = { title: "Declare incident" };

export default async function NewIncidentPage() {
  await guardPage("incident.declare");
  const services = await db.service.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Declare an incident</h1>
      <DeclareForm services={services} />
    </div>
  );
}
