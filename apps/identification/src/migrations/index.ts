import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128205245 } from './Migration20261128205245';
import { Migration20261128210609 } from './Migration20261128210609';
import { Migration20261128212152 } from './Migration20261128212152';
import { Migration20261129030923 } from './Migration20261129030923';
import { Migration20261204205455 } from './Migration20261204205455';
import { Migration20261204211241 } from './Migration20261204211241';
import { Migration20261204231000 } from './Migration20261204231000';
import { Migration20261204232002 } from './Migration20261204232002';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128205245', class: Migration20261128205245 },
  { name: 'Migration20261128210609', class: Migration20261128210609 },
  { name: 'Migration20261128212152', class: Migration20261128212152 },
  { name: 'Migration20261129030923', class: Migration20261129030923 },
  { name: 'Migration20261204205455', class: Migration20261204205455 },
  { name: 'Migration20261204211241', class: Migration20261204211241 },
  { name: 'Migration20261204231000', class: Migration20261204231000 },
  { name: 'Migration20261204232002', class: Migration20261204232002 },
];
