import type { Config } from "tailwindcss";

// Loaded by app/globals.css through `@config`; Tailwind 4 finds the sources itself.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: { sans: ["var(--font-inter)", "ui-sans-serif", "system-ui", "sans-serif"] },
      colors: {
        ok: "#16a34a",
        warn: "#d97706",
        crit: "#dc2626",
      },
    },
  },
};

export default config;
