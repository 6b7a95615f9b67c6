import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128205245 } from './Migration20261128205245';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261128205245', class: Migration20261128205245 }];
