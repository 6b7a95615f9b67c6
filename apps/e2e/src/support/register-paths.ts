import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// Jest's module mapping does not reach global setup: resolve @poverty/* like the tests do.
// Imported first by global-setup, so it runs before any @poverty import there.
const root = join(__dirname, '../../../..');
register({ baseUrl: root, paths: JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths });
