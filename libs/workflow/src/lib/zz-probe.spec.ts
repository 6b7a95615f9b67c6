import { getShortestPaths, getSimplePaths, getAdjacencyMap } from '@xstate/graph';
import { COSIGN_POLICY, FIXTURE_POLICY, fixtureEvents, fixtureInput, serializeCaseState, type CaseSnapshot } from '../testing';
import { CaseWorkflow } from './case-workflow';

it('probe', () => {
  for (const policy of [FIXTURE_POLICY, COSIGN_POLICY]) {
    const workflow = new CaseWorkflow(policy);
    const events = (s: CaseSnapshot) => fixtureEvents(policy, s);
    let t = Date.now();
    const adj = getAdjacencyMap(workflow.machine, { input: fixtureInput(), events });
    console.log('full nodes', Object.keys(adj).length, Date.now() - t);
    t = Date.now();
    const sp = getShortestPaths(workflow.machine, { input: fixtureInput(), events });
    console.log('full shortest', sp.length, Date.now() - t);
    t = Date.now();
    const simple = getSimplePaths(workflow.machine, { input: fixtureInput(), events, serializeState: serializeCaseState });
    const adj2 = getAdjacencyMap(workflow.machine, { input: fixtureInput(), events, serializeState: serializeCaseState });
    console.log('collapsed nodes', Object.keys(adj2).length, 'simple', simple.length, Date.now() - t);
  }
});
