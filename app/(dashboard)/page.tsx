import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await getDb();
  const dealers = await db.prisma.dealer.count();
  return (
    <main className="mx-auto max-w-6xl p-6">
      <h1 className="text-2xl font-semibold">Dealer Pipeline</h1>
      <p className="mt-2 text-slate-600">
        Dealers: <span data-testid="dealer-count">{dealers}</span>
      </p>
    </main>
  );
}
