import { Inngest, Middleware } from "inngest";
import { attachedExecutor, attachExecutor, detachExecutor } from "./executor/attach";

export { attachExecutor, detachExecutor };

/**
 * True unless the environment points at a real Inngest server: a dev server
 * (`INNGEST_DEV`, `INNGEST_BASE_URL`) or Inngest Cloud / self-hosted (event or signing key).
 */
export function isEmbeddedMode(env: Record<string, string | undefined> = process.env): boolean {
  return !(env.INNGEST_DEV || env.INNGEST_BASE_URL || env.INNGEST_EVENT_KEY || env.INNGEST_SIGNING_KEY);
}

/** Hands sent events to the embedded executor when one is attached; otherwise to the Inngest API. */
class EmbeddedEventRouting extends Middleware.BaseMiddleware {
  readonly id = "dealer-pipeline/embedded-event-routing";

  override async wrapSendEvent({ events, next }: Middleware.WrapSendEventArgs) {
    const executor = attachedExecutor();
    if (!executor) return next();
    return { ids: await executor.send(events) };
  }
}

export const inngest = new Inngest({
  id: "dealer-pipeline",
  // v4 clients default to cloud mode; the embedded executor drives the SDK as a dev server would.
  ...(isEmbeddedMode() ? { isDev: true } : {}),
  middleware: [EmbeddedEventRouting],
});
