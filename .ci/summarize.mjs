// Prints the closing line CI reads: "N passed, N failed" over every vitest JSON report given.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch {
    failed += 1;
    console.log(`could not read ${file}`);
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
// A failed or skipped test (skips here only follow a failed setup) makes the run red, whatever exit code vitest ended with.
if (failed > 0 || skipped > 0) process.exitCode = 1;
