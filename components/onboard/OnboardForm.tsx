"use client";
/**
 * The onboarding form. Validation happens on the server (/api/onboard, zod + the feed URL guard); the form
 * shows its per-field messages, then follows the dealer's first run until it ends.
 */
import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type ReactNode } from "react";
import { ApiError, postForm } from "../api";
import { Button } from "../ui/Button";
import { Panel } from "../ui/Panel";
import { RunProgress } from "./RunProgress";

type Fields = Record<string, string[]>;

const inputClass = (invalid: boolean) =>
  `block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-1 ${
    invalid ? "border-red-400 focus:border-red-500 focus:ring-red-500" : "border-slate-300 focus:border-sky-500 focus:ring-sky-500"
  }`;

function Field({ name, label, hint, errors, children }: { name: string; label: string; hint?: ReactNode; errors: Fields; children: ReactNode }) {
  const messages = errors[name];
  return (
    <div>
      <label htmlFor={`f-${name}`} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !messages && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {messages?.map((m) => (
        <p key={m} id={`e-${name}`} role="alert" data-testid={`error-${name}`} className="mt-1 text-sm text-red-700">
          {m}
        </p>
      ))}
    </div>
  );
}

export function OnboardForm() {
  const form = useRef<HTMLFormElement>(null);
  const [source, setSource] = useState<"url" | "upload">("url");
  const submit = useMutation({
    mutationFn: (data: FormData) => postForm<{ dealerId: string; runId: string }>("/api/onboard", data),
  });
  const errors: Fields = submit.error instanceof ApiError ? submit.error.fields : {};
  const invalid = (name: string) => Boolean(errors[name]);
  const describedBy = (name: string) => (errors[name] ? `e-${name}` : undefined);

  if (submit.data) {
    return (
      <Panel title="Dealer onboarded" subtitle="Its first run jumps the queue; this follows it until it ends.">
        <RunProgress runId={submit.data.runId} dealerId={submit.data.dealerId} />
        <div className="mt-4 border-t border-slate-100 pt-3">
          <Button variant="ghost" onClick={() => submit.reset()}>
            Onboard another dealer
          </Button>
        </div>
      </Panel>
    );
  }

  return (
    <Panel>
      <form
        ref={form}
        noValidate
        data-testid="onboard-form"
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (form.current) submit.mutate(new FormData(form.current));
        }}
      >
        {submit.error && (
          <div role="alert" data-testid="form-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {submit.error.message}
          </div>
        )}
        <div className="grid gap-5 md:grid-cols-2">
          <Field name="name" label="Dealer name" errors={errors}>
            <input id="f-name" name="name" type="text" autoComplete="off" className={inputClass(invalid("name"))} aria-invalid={invalid("name")} aria-describedby={describedBy("name")} />
          </Field>
          <Field name="slug" label="Slug (optional)" hint="Derived from the name when left empty" errors={errors}>
            <input id="f-slug" name="slug" type="text" autoComplete="off" placeholder="ammo-depot" className={inputClass(invalid("slug"))} aria-invalid={invalid("slug")} aria-describedby={describedBy("slug")} />
          </Field>
          <Field name="plan" label="Plan" hint="Sets queue priority: Founding and Pro first" errors={errors}>
            <select id="f-plan" name="plan" defaultValue="STANDARD" className={inputClass(invalid("plan"))} aria-invalid={invalid("plan")}>
              <option value="FOUNDING">Founding</option>
              <option value="PRO">Pro</option>
              <option value="STANDARD">Standard</option>
              <option value="NONE">No plan</option>
            </select>
          </Field>
          <Field name="pollIntervalMinutes" label="Poll interval (minutes)" hint="How often the feed is re-read" errors={errors}>
            <input
              id="f-pollIntervalMinutes"
              name="pollIntervalMinutes"
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              defaultValue={5}
              className={inputClass(invalid("pollIntervalMinutes"))}
              aria-invalid={invalid("pollIntervalMinutes")}
              aria-describedby={describedBy("pollIntervalMinutes")}
            />
          </Field>
        </div>

        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700">Feed</legend>
          <div className="mb-3 inline-flex rounded-md border border-slate-300 p-0.5">
            {(["url", "upload"] as const).map((s) => (
              <label key={s} className={`cursor-pointer rounded px-3 py-1.5 text-sm ${source === s ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}>
                <input type="radio" name="source" value={s} checked={source === s} onChange={() => setSource(s)} className="sr-only" />
                {s === "url" ? "From a URL" : "Upload a file"}
              </label>
            ))}
          </div>
          {errors.source && <p role="alert" data-testid="error-source" className="mb-2 text-sm text-red-700">{errors.source[0]}</p>}
          <div className="grid gap-5 md:grid-cols-2">
            {source === "url" ? (
              <Field name="url" label="Feed URL" hint="http(s) on the public internet; it is resolved and checked now" errors={errors}>
                <input id="f-url" name="url" type="url" inputMode="url" placeholder="https://dealer.example.com/feed.csv" className={inputClass(invalid("url"))} aria-invalid={invalid("url")} aria-describedby={describedBy("url")} />
              </Field>
            ) : (
              <Field name="file" label="Feed file" hint="CSV, JSON or XML, up to 100 MB" errors={errors}>
                <input
                  id="f-file"
                  name="file"
                  type="file"
                  accept=".csv,.json,.xml,.txt,text/csv,application/json,application/xml,text/xml"
                  className={`${inputClass(invalid("file"))} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-sm`}
                  aria-invalid={invalid("file")}
                  aria-describedby={describedBy("file")}
                />
              </Field>
            )}
            <Field name="format" label="Format" hint="Auto-detect reads the file's first bytes" errors={errors}>
              <select id="f-format" name="format" defaultValue="AUTO" className={inputClass(invalid("format"))} aria-invalid={invalid("format")}>
                <option value="AUTO">Auto-detect</option>
                <option value="CSV">CSV</option>
                <option value="JSON">JSON</option>
                <option value="XML">XML</option>
              </select>
            </Field>
          </div>
        </fieldset>

        <div className="flex items-center gap-3 border-t border-slate-100 pt-4">
          <Button type="submit" variant="primary" disabled={submit.isPending} data-testid="onboard-submit">
            {submit.isPending ? "Checking and creating…" : "Onboard and start first run"}
          </Button>
          <span className="text-xs text-slate-500">The first run is queued at onboarding priority, ahead of routine polls.</span>
        </div>
      </form>
    </Panel>
  );
}
