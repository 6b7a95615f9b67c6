import type { Department, LevelSpec } from './actor';
import type { ServicePolicy } from './service-policy';

export interface ReviewChainOptions {
  /** Start review at the village (default) or, as medical relief does, at the township. */
  from?: 'village' | 'township';
  /** Data fields the county level records with its approval (appraisal grade, relief rate…). */
  countyRecords?: string[];
}

/**
 * The county's usual chain: a village officer declares; village → township → county
 * department review; the township resolves objections; the same department accepts.
 */
export function countyReviewChain(
  department: Department,
  options: ReviewChainOptions = {},
): Pick<ServicePolicy, 'declarer' | 'levels' | 'objectionLevel' | 'acceptor' | 'departments'> {
  const county: LevelSpec = { id: 'county', role: 'county_officer', scope: 'county', department };
  if (options.countyRecords) county.recordsFields = options.countyRecords;
  const levels: LevelSpec[] = [
    ...(options.from === 'township' ? [] : [{ id: 'village', role: 'village_officer', scope: 'village' } as LevelSpec]),
    { id: 'township', role: 'township_reviewer', scope: 'township' },
    county,
  ];
  return {
    declarer: { id: 'declarer', role: 'village_officer', scope: 'village' },
    levels,
    objectionLevel: 'township',
    acceptor: { id: 'acceptance', role: 'county_officer', scope: 'county', department },
    departments: [department],
  };
}
