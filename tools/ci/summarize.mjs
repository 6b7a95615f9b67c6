// Sums the test totals printed by jest ("Tests: 3 failed, 40 passed, 43 total") and vitest
// ("Tests  12 passed (12)") in a CI log, and prints them as one line: "N passed, N failed".
import { readFileSync } from 'node:fs';

const [, , logFile, composeStatus = '0'] = process.argv;
const text = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
for (const line of text.split('\n')) {
  const jest = /^\s*Tests:\s+(.*)$/.exec(line);
  const vitest = /^\s*Tests\s+(.*\(\d+\))\s*$/.exec(line);
  const counts = jest?.[1] ?? vitest?.[1];
  if (!counts) continue;
  passed += Number(/(\d+) passed/.exec(counts)?.[1] ?? 0);
  failed += Number(/(\d+) failed/.exec(counts)?.[1] ?? 0);
}
// A project that crashed before reporting counts still fails the run.
const crashed = /Test Suites:.*\d+ failed/.test(text) || /NX\s+Running target test for .* failed/.test(text) || /Failed tasks:/.test(text);
if (composeStatus !== '0') failed += 1; // the deployment files' static validation counts as one check
if (crashed && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
