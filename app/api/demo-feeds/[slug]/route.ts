import { contentTypes, demoDealers, renderDemoFeed } from "@/lib/demo/feeds";

export const dynamic = "force-dynamic";

/** The embedded demo's dealer feeds, served by the app itself; each poll sees about 1% drift. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const dealer = demoDealers.find((d) => d.slug === slug);
  if (!dealer) return Response.json({ error: `no demo feed ${slug}` }, { status: 404 });
  return new Response(renderDemoFeed(dealer, new Date()), {
    headers: { "content-type": contentTypes[dealer.format], "cache-control": "no-store" },
  });
}
