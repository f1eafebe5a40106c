import { DealersView } from "@/components/dealers/DealersView";

export default function DealersPage() {
  return <DealersView />;
}
