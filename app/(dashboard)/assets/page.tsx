import { AssetsView } from "@/components/assets/AssetsView";

export default function AssetsPage() {
  return <AssetsView />;
}
