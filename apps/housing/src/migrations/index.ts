import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128210613 } from './Migration20261128210613';

/** Committed migrations, in order (listed so they survive webpack bundling). */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261128210613', class: Migration20261128210613 }];
