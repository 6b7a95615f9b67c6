import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128210627 } from './Migration20261128210627';
import { Migration20261129030936 } from './Migration20261129030936';
import { Migration20261204205445 } from './Migration20261204205445';
import { Migration20261204232023 } from './Migration20261204232023';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128210627', class: Migration20261128210627 },
  { name: 'Migration20261129030936', class: Migration20261129030936 },
  { name: 'Migration20261204205445', class: Migration20261204205445 },
  { name: 'Migration20261204232023', class: Migration20261204232023 },
];
