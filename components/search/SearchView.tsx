"use client";
/**
 * Semantic product search (GET /api/search?q=&caliber=&inStock=): products by meaning, each with the best
 * offer (dealer, price, price per round, stock). The query lives in the URL so a search can be linked.
 */
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { z } from "zod";
import { getJson, queryString } from "../api";
import { formatPpr, formatPrice, formatPct } from "../format";
import { Button } from "../ui/Button";
import { EmptyState, ErrorNotice, Loading } from "../ui/Feedback";
import { PageHeader, Panel } from "../ui/Panel";
import { Pill } from "../ui/StatusPill";
import { EmptyRow, Table, Td, Th } from "../ui/Table";

const offerSchema = z
  .object({
    dealerName: z.string(),
    dealerSlug: z.string().nullish(),
    title: z.string().nullish(),
    price: z.coerce.number(),
    pricePerRound: z.coerce.number().nullish(),
    inStock: z.boolean(),
    url: z.string().nullish(),
  })
  .nullish();

const hitSchema = z.object({
  productId: z.string(),
  name: z.string(),
  brand: z.string().nullish(),
  caliber: z.string().nullish(),
  grainWeight: z.number().nullish(),
  bulletType: z.string().nullish(),
  similarity: z.number().nullish(),
  offer: offerSchema,
});

const responseSchema = z.object({ results: z.array(hitSchema), model: z.string().optional() });
type SearchResponse = z.infer<typeof responseSchema>;

async function search(q: string, caliber: string, inStock: boolean): Promise<SearchResponse> {
  const raw = await getJson<unknown>(`/api/search${queryString({ q, caliber, inStock: inStock ? "true" : undefined })}`);
  return responseSchema.parse(raw);
}

/** Only http(s) links from a feed become links; anything else is shown as text. */
function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function SearchView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const q = params.get("q") ?? "";
  const caliber = params.get("caliber") ?? "";
  const inStock = params.get("inStock") === "true";
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const calibers = useQuery({
    queryKey: ["calibers"],
    queryFn: () => getJson<{ calibers: Array<{ caliber: string; products: number }> }>("/api/calibers"),
    staleTime: 60_000,
  });
  const results = useQuery({
    queryKey: ["search", q, caliber, inStock],
    queryFn: () => search(q, caliber, inStock),
    enabled: q.trim() !== "",
    staleTime: 10_000,
  });

  const navigate = (patch: { q?: string; caliber?: string; inStock?: boolean }) => {
    const next = { q, caliber, inStock, ...patch };
    router.replace(`${pathname}${queryString({ q: next.q.trim(), caliber: next.caliber, inStock: next.inStock ? "true" : undefined })}`, { scroll: false });
  };

  return (
    <div className="space-y-4">
      <PageHeader title="Search" subtitle="Products by meaning (semantic search over product embeddings), with the best offer for each" />
      <Panel>
        <form
          role="search"
          className="flex flex-col gap-3 md:flex-row md:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            navigate({ q: text });
          }}
        >
          <label className="block flex-1">
            <span className="mb-1 block text-xs font-medium text-slate-500">Query</span>
            <input
              type="search"
              name="q"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="e.g. cheap 9mm range ammo, hollow point for self defense"
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
              data-testid="search-input"
            />
          </label>
          <label className="block md:w-48">
            <span className="mb-1 block text-xs font-medium text-slate-500">Caliber</span>
            <select
              name="caliber"
              value={caliber}
              onChange={(e) => navigate({ caliber: e.target.value, q: text })}
              className="block w-full rounded-md border border-slate-300 bg-white px-2 py-2 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
            >
              <option value="">Any caliber</option>
              {calibers.data?.calibers.map((c) => (
                <option key={c.caliber} value={c.caliber}>
                  {c.caliber} ({c.products})
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 py-2 text-sm text-slate-700">
            <input type="checkbox" name="inStock" checked={inStock} onChange={(e) => navigate({ inStock: e.target.checked, q: text })} className="h-4 w-4 rounded border-slate-300" />
            In stock only
          </label>
          <Button type="submit" variant="primary" data-testid="search-submit">
            Search
          </Button>
        </form>
      </Panel>

      {q.trim() === "" ? (
        <Panel>
          <EmptyState title="Search the catalogue">Describe what you are looking for; results are ranked by meaning, not only by matching words.</EmptyState>
        </Panel>
      ) : results.error ? (
        <ErrorNotice error={results.error} title="Search failed" />
      ) : !results.data ? (
        <Panel>
          <Loading rows={5} label="Searching" />
        </Panel>
      ) : (
        <Panel title={`${results.data.results.length} result${results.data.results.length === 1 ? "" : "s"}`} subtitle={results.data.model ? `Embedding model: ${results.data.model}` : undefined} bodyClassName="p-0">
          <Table testId="search-results">
            <thead>
              <tr>
                <Th>Product</Th>
                <Th>Best offer</Th>
                <Th align="right">Price</Th>
                <Th align="right">Per round</Th>
                <Th>Stock</Th>
                <Th align="right">Match</Th>
              </tr>
            </thead>
            <tbody>
              {results.data.results.length === 0 && <EmptyRow colSpan={6}>Nothing matches. Try fewer filters or other words.</EmptyRow>}
              {results.data.results.map((hit) => {
                const href = safeHref(hit.offer?.url);
                return (
                  <tr key={hit.productId} data-testid="search-result">
                    <Td className="max-w-[24rem]">
                      <div className="font-medium text-slate-900">{hit.name}</div>
                      <div className="text-xs text-slate-500">
                        {[hit.brand, hit.caliber, hit.grainWeight ? `${hit.grainWeight} gr` : null, hit.bulletType].filter(Boolean).join(" · ")}
                      </div>
                    </Td>
                    <Td className="max-w-[18rem]">
                      {hit.offer ? (
                        <>
                          <div className="truncate text-slate-800">{hit.offer.dealerName}</div>
                          {hit.offer.title && (
                            <div className="truncate text-xs text-slate-500" title={hit.offer.title}>
                              {href ? (
                                <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="hover:underline">
                                  {hit.offer.title}
                                </a>
                              ) : (
                                hit.offer.title
                              )}
                            </div>
                          )}
                        </>
                      ) : (
                        <span className="text-slate-400">no offer</span>
                      )}
                    </Td>
                    <Td align="right">{formatPrice(hit.offer?.price)}</Td>
                    <Td align="right" className="font-medium">
                      {formatPpr(hit.offer?.pricePerRound)}
                    </Td>
                    <Td>{hit.offer ? hit.offer.inStock ? <Pill tone="green">In stock</Pill> : <Pill tone="slate">Out of stock</Pill> : null}</Td>
                    <Td align="right" className="text-slate-500">
                      {hit.similarity === null || hit.similarity === undefined ? "—" : formatPct(hit.similarity, 0)}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </Panel>
      )}
    </div>
  );
}
