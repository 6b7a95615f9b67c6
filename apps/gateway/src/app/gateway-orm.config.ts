import { persistenceConfig } from '@poverty/persistence';
import { GatewayAuditEntry } from './accounts/gateway-audit.entity';
import { Account } from './auth/account.entity';
import { RefreshToken, Session } from './auth/session.entity';
import { MIGRATIONS } from './migrations';
import { EVALUATION_ENTITIES } from './evaluation/evaluation.entities';
import { HouseholdImportJob } from './imports/household-import.entity';
import { PersonalDataReveal } from './privacy/personal-data-reveal.entity';

/** The gateway's own schema: accounts, sessions, refresh tokens and the gateway audit log. */
export const gatewayOrmConfig = () => persistenceConfig({ schema: 'gateway', entities: [Account, Session, RefreshToken, GatewayAuditEntry, ...EVALUATION_ENTITIES, HouseholdImportJob, PersonalDataReveal], migrations: MIGRATIONS });
