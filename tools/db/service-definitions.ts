import type { CaseServiceDefinition } from '@poverty/service-kit';
import { identificationDefinition } from '../../apps/identification/src/app/identification.definition';

/** Every case service's definition, for tools that work across services (migrations, audit). */
export const SERVICE_DEFINITIONS: Record<string, CaseServiceDefinition<any>> = {
  identification: identificationDefinition,
};
