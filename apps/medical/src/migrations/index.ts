import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128210616 } from './Migration20261128210616';
import { Migration20261129030929 } from './Migration20261129030929';
import { Migration20261204205440 } from './Migration20261204205440';
import { Migration20261204232013 } from './Migration20261204232013';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128210616', class: Migration20261128210616 },
  { name: 'Migration20261129030929', class: Migration20261129030929 },
  { name: 'Migration20261204205440', class: Migration20261204205440 },
  { name: 'Migration20261204232013', class: Migration20261204232013 },
];
