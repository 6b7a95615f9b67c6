import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128210622 } from './Migration20261128210622';
import { Migration20261129030932 } from './Migration20261129030932';
import { Migration20261204205442 } from './Migration20261204205442';
import { Migration20261204232018 } from './Migration20261204232018';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128210622', class: Migration20261128210622 },
  { name: 'Migration20261129030932', class: Migration20261129030932 },
  { name: 'Migration20261204205442', class: Migration20261204205442 },
  { name: 'Migration20261204232018', class: Migration20261204232018 },
];
