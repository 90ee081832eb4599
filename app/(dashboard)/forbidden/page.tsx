export const metadata = { title: "Forbidden" };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-bold">Forbidden</h1>
      <p>Your role does not allow this{need ? ` (${need.slice(0, 40)})` : ""}. Ask an admin if you need it.</p>
    </div>
  );
}
