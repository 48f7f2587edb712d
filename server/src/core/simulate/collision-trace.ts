import type { ClientLocation } from '../model/cluster';
import { ReplayChooser } from './choice';
import { CLIENT_ISN, resolveNlb, sendSyn } from './elements/client';
import { CLIENT, DNS } from './elements/ids';
import { finishWithRetransmissions, Simulation } from './engine';
import { placeClient, type Topology } from './topology';
import type { Trace } from './trace';
import { WorldState } from './world';

/** The second connection starts while the first is live. */
const SECOND_CONNECTION_MS = 500;

/**
 * The packet-level picture behind HP103: one source holds a connection through one NLB node, then opens
 * a second one from the same source port to another NLB node's address (legal: Linux keeps ports unique
 * per 4-tuple). With cross-zone on, the second node can pick the same target, which then sees the same
 * 4-tuple twice. Undefined when no two NLB nodes can share a target, or preservation is off.
 */
export function collisionTrace(topo: Topology, location: ClientLocation = 'vpc'): Trace | undefined {
  const s = topo.scenario;
  if (!s.preserveClientIp || !s.crossZone || topo.nlbNodes.length < 2) return undefined;
  const client = placeClient(topo, location);
  if (!client) return undefined;
  // Choices: flow 1 takes the first DNS answer and the first target class; flow 2 the second answer and the same class.
  const world = new WorldState({ local: { ip: client.ip, port: 40312 }, remote: { ip: '0.0.0.0', port: 0 }, state: 'CLOSED', isn: CLIENT_ISN });
  const chooser = new ReplayChooser([0, 0, 0, 1, 0]);
  const sim = new Simulation(topo, client, chooser, world);
  sim.act(DNS, 0, 0, resolveNlb);
  sim.act(CLIENT, 0, 0, (ctx) => sendSyn(ctx, false));
  sim.drain(0);
  if (world.socket.state !== 'ESTABLISHED') return undefined;

  const second = { local: world.socket.local, remote: { ip: '0.0.0.0', port: 0 }, state: 'CLOSED' as const, isn: CLIENT_ISN + 7_654_321 };
  world.sockets.push(second);
  world.socket = second;
  sim.attemptEnd = undefined;
  sim.act(DNS, 0, SECOND_CONNECTION_MS, resolveNlb);
  sim.act(CLIENT, 0, SECOND_CONNECTION_MS, (ctx) => sendSyn(ctx, false));
  sim.drain(0);
  const firstAttempt = sim.attemptEnd ?? 'no-route';
  return finishWithRetransmissions(sim, firstAttempt, SECOND_CONNECTION_MS);
}
