import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128205502 } from './Migration20261128205502';
import { Migration20261201090000 } from './Migration20261201090000';
import { Migration20261128212308 } from './Migration20261128212308';
import { Migration20261204230000 } from './Migration20261204230000';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128205502', class: Migration20261128205502 },
  { name: 'Migration20261201090000', class: Migration20261201090000 },
  { name: 'Migration20261128212308', class: Migration20261128212308 },
  { name: 'Migration20261204230000', class: Migration20261204230000 },
];
