// npm omits lock entries for optional platform packages it cannot fetch (the registry mirror
// here answers 404 for sass-embedded's other-platform builds), and `npm ci` then refuses the
// lock. This adds an optional placeholder entry for each one; `npm ci` skips them quietly.
// Run after regenerating the lock: `npm install --package-lock-only && node tools/ci/complete-lock.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const added = [];
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version: spec.replace(/^[\^~]/, ''), dev: meta.dev ?? false, optional: true };
    added.push(name);
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added placeholders: ${added.join(', ')}` : 'lock already complete');
