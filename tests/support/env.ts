/** process.env changes a test file makes and undoes: `set` remembers each variable's first value, `restore` puts them back. */
export function envPatch() {
  const saved: Record<string, string | undefined> = {};
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  return {
    set(values: Record<string, string | undefined>): void {
      for (const k of Object.keys(values)) if (!(k in saved)) saved[k] = process.env[k];
      apply(values);
    },
    restore(): void {
      apply(saved);
    },
  };
}
