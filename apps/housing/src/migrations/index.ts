import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128210613 } from './Migration20261128210613';
import { Migration20261129030926 } from './Migration20261129030926';
import { Migration20261204205438 } from './Migration20261204205438';
import { Migration20261204232008 } from './Migration20261204232008';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128210613', class: Migration20261128210613 },
  { name: 'Migration20261129030926', class: Migration20261129030926 },
  { name: 'Migration20261204205438', class: Migration20261204205438 },
  { name: 'Migration20261204232008', class: Migration20261204232008 },
];
