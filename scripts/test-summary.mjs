// Sums the Vitest and Playwright JSON reports into the closing `N passed, N failed` line.
import fs from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    missing.push(file);
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  if (Array.isArray(report.testResults)) {
    // Vitest (jest-compatible JSON); a file that failed to load has no assertion results.
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  } else if (report.stats) {
    // Playwright
    passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected ?? 0;
    skipped += report.stats.skipped ?? 0;
    failed += (report.errors ?? []).length;
  }
}

if (missing.length) {
  console.log(`no report from: ${missing.join(", ")}`);
  failed += missing.length;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
