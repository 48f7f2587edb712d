import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enumerateClient } from '../../server/src/core/simulate/enumerate';
import { t1 } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';

/** The what-if memo shares results between scenarios that differ only in ports; that must be true of the model. */
describe('ports never change a handshake’s outcome', () => {
  for (const s of [{}, { targetType: 'ip' as const }, { trafficPolicy: 'Local' as const }, { cni: 'overlay' as const }, { inClusterCallers: 'service' as const }]) {
    it(JSON.stringify(s), () => {
      for (const client of ['pod@n1', 'pod@n2', 'host@n1', 'vpc'] as const) {
        const a = enumerateClient(buildTopology(t1(s)), client, { traces: false });
        const b = enumerateClient(buildTopology(t1({ ...s, listenerPort: 8443, nodePort: 30001, backendPort: 9443 })), client, { traces: false });
        assert.deepEqual(b.modes.map((m) => [m.mode, m.probability.toString()]), a.modes.map((m) => [m.mode, m.probability.toString()]));
      }
    });
  }
});
