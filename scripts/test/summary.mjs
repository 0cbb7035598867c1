// Prints vitest's JSON report as one plain closing line ("tests: N passed, N failed, N skipped") plus the
// names of failed tests, so that any CI reading the log finds the result without knowing vitest's format.
import { readFileSync } from 'node:fs';

const path = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch {
  console.log('tests: 0 passed, 1 failed (no test report was written)');
  process.exit(0);
}
const failed = [];
for (const file of report.testResults ?? []) {
  for (const test of file.assertionResults ?? []) if (test.status === 'failed') failed.push(`${file.name}: ${test.fullName}`);
  // A file can fail with none of its tests failed: an error in a hook (beforeAll, afterAll) or at import.
  const testFailed = (file.assertionResults ?? []).some((test) => test.status === 'failed');
  if (file.status === 'failed' && !testFailed) failed.push(`${file.name}: ${file.message || 'failed outside its tests'}`);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (failed.length > 0) console.log(`failed:\n  ${failed.join('\n  ')}`);
console.log(`tests: ${report.numPassedTests} passed, ${Math.max(report.numFailedTests, failed.length)} failed, ${skipped} skipped`);
