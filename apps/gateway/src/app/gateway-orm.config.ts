import { persistenceConfig } from '@poverty/persistence';
import { Account } from './auth/account.entity';
import { MIGRATIONS } from './migrations';

/** The gateway's own schema: accounts (and, later, sessions and read logs). */
export const gatewayOrmConfig = () => persistenceConfig({ schema: 'gateway', entities: [Account], migrations: MIGRATIONS });
