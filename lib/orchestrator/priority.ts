/**
 * Queue priority from the dealer's plan, as Inngest understands it: seconds a run is moved ahead in its
 * queue (-600…600). FOUNDING and PRO go first, then STANDARD, NONE last; a newly onboarded dealer's
 * first run jumps ahead of everything.
 */
import type { PlanName } from "@/inngest/events";

export const planPriority: Record<PlanName, number> = { FOUNDING: 300, PRO: 300, STANDARD: 120, NONE: 0 };
export const firstRunPriority = 600;

export function priorityFor(plan: PlanName, firstRun: boolean): number {
  return firstRun ? firstRunPriority : planPriority[plan];
}

/** The same rule as a CEL expression over the event, for the functions' `priority.run`. */
export const priorityExpression =
  `event.data.firstRun == true ? ${firstRunPriority} : ` +
  `(event.data.plan == "FOUNDING" || event.data.plan == "PRO" ? ${planPriority.PRO} : ` +
  `(event.data.plan == "STANDARD" ? ${planPriority.STANDARD} : ${planPriority.NONE}))`;
