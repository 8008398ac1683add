// Prints "N passed, N failed" (and skipped) from vitest's JSON reports, summed over every report
// named on the command line (the main suite and the hardening suite); exits 1 when a report is
// missing or no test ran, so a broken run can never look green.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // A missing report is a run that never finished: one failure, so it cannot pass unnoticed.
    console.log(`no test report at ${file}: ${error.message}`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  // A test file that fails before any test runs (a syntax or import error) has no test results:
  // count it as one failure so that it cannot pass unnoticed.
  const brokenFiles = (report.testResults ?? []).filter(
    (result) => result.status === 'failed' && (result.assertionResults ?? []).length === 0,
  ).length;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
