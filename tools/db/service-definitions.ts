import type { Options } from '@mikro-orm/postgresql';
import type { CaseServiceDefinition } from '@poverty/service-kit';
import { serviceOrmConfig } from '@poverty/service-kit';
import { identificationDefinition } from '../../apps/identification/src/app/identification.definition';
import { housingDefinition } from '../../apps/housing/src/app/housing.definition';
import { medicalDefinition } from '../../apps/medical/src/app/medical.definition';
import { educationDefinition } from '../../apps/education/src/app/education.definition';
import { exitDefinition } from '../../apps/exit-verification/src/app/exit-verification.definition';
import { gatewayOrmConfig } from '../../apps/gateway/src/app/gateway-orm.config';

/** Every case service's definition, for tools that work across services (migrations, audit). */
export const SERVICE_DEFINITIONS: Record<string, CaseServiceDefinition<any>> = {
  identification: identificationDefinition,
  housing: housingDefinition,
  medical: medicalDefinition,
  education: educationDefinition,
  'exit-verification': exitDefinition,
};

/** ORM options of every app that owns a schema. */
export function appOrmConfigs(): Record<string, Options> {
  return {
    gateway: gatewayOrmConfig(),
    ...Object.fromEntries(Object.entries(SERVICE_DEFINITIONS).map(([name, def]) => [name, serviceOrmConfig(def)])),
  };
}
