import { OnboardForm } from "@/components/onboard/OnboardForm";
import { PageHeader } from "@/components/ui/Panel";

export default function OnboardPage() {
  return (
    <div className="max-w-4xl">
      <PageHeader title="Onboard a dealer" subtitle="Creates the dealer and its feed, then starts its first run at high priority." />
      <OnboardForm />
    </div>
  );
}
