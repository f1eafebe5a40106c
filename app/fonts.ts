import localFont from "next/font/local";

// Self-hosted: the build machine cannot reach Google Fonts.
export const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});
