import { DealerView } from "@/components/dealers/DealerView";

export default async function DealerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DealerView dealerId={id} />;
}
