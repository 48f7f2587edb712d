import type { ClientLocation } from '../model/cluster';
import { ReplayChooser } from './choice';
import { CLIENT_ISN, CLIENT_PORT, clientUplink, resolveNlb, sendSyn } from './elements/client';
import { CLIENT, DNS } from './elements/ids';
import { expireFlow } from './elements/nlb-node';
import { formatEndpoint } from './packet';
import { Simulation } from './engine';
import type { IdleTimeouts, Scenario } from './scenario';
import { placeClient, type Topology } from './topology';
import type { Trace } from './trace';
import { WorldState } from './world';

/** What HP105 is about: whether a pooled connection can outlive the NLB's flow, and the window it happens in. */
export interface IdleEstimate {
  /** True when the backend keeps idle connections longer than the NLB and no keepalive shorter than the NLB's timeout refreshes the flow. */
  readonly resetOnReuse: boolean;
  readonly nlbSeconds: number;
  readonly backendSeconds: number;
  readonly keepaliveSeconds?: number;
  readonly reason: string;
}

/** Verdicts by timeouts object: a scenario shares it with its what-ifs and every simulation asks (never mutated). */
const estimates = new WeakMap<IdleTimeouts, IdleEstimate>();

/** The analytic verdict: no packets are needed to compare three timers; the trace shows what follows. */
export function estimateIdle(s: Scenario): IdleEstimate | undefined {
  const t = s.idle;
  if (!t) return undefined;
  let known = estimates.get(t);
  if (!known) estimates.set(t, (known = verdict(t)));
  return known;
}

function verdict(t: IdleTimeouts): IdleEstimate {
  const keepalive = t.keepaliveSeconds;
  const base = { nlbSeconds: t.nlbSeconds, backendSeconds: t.backendSeconds, ...(keepalive !== undefined ? { keepaliveSeconds: keepalive } : {}) };
  if (t.backendSeconds <= t.nlbSeconds) {
    return { ...base, resetOnReuse: false, reason: `the backend closes idle connections after ${t.backendSeconds} s, before the NLB drops the flow at ${t.nlbSeconds} s` };
  }
  if (keepalive !== undefined && keepalive < t.nlbSeconds) {
    return { ...base, resetOnReuse: false, reason: `TCP keepalive every ${keepalive} s keeps the NLB's flow (${t.nlbSeconds} s idle timeout) alive` };
  }
  return {
    ...base,
    resetOnReuse: true,
    reason: `a connection idle between ${t.nlbSeconds} s (the NLB drops the flow) and ${t.backendSeconds} s (the backend closes it) is reset on reuse${keepalive !== undefined ? `; the TCP keepalive (${keepalive} s) is not shorter than the NLB's timeout` : '; no TCP keepalive is configured'}`,
  };
}

/** When, in the window, the simulated client reuses its pooled connection: halfway between the two timeouts. */
export function reuseAfterSeconds(t: IdleTimeouts): number {
  return Math.round((t.nlbSeconds + t.backendSeconds) / 2);
}

/**
 * The packet-level picture behind HP105: a client outside the cluster connects, the connection sits idle
 * in its pool, the NLB node drops the idle flow silently, and the client later reuses the connection (the
 * backend still holds it open). The NLB has no flow for that segment and answers with an RST: the
 * request fails with ECONNRESET. Undefined when there is no such window or the handshake itself fails.
 */
export function idleTrace(topo: Topology, location: ClientLocation = topo.scenario.scheme === 'internet-facing' ? 'internet' : 'vpc'): Trace | undefined {
  const t = topo.scenario.idle;
  if (!t || !estimateIdle(topo.scenario)?.resetOnReuse) return undefined;
  const client = placeClient(topo, location);
  if (!client) return undefined;
  const world = new WorldState({ local: { ip: client.ip, port: CLIENT_PORT }, remote: { ip: '0.0.0.0', port: 0 }, state: 'CLOSED', isn: CLIENT_ISN });
  const sim = new Simulation(topo, client, new ReplayChooser([]), world);
  sim.act(DNS, 0, 0, resolveNlb);
  sim.act(CLIENT, 0, 0, (ctx) => sendSyn(ctx, false));
  sim.drain(0);
  const socket = world.socket;
  const owner = [...world.nlbFlows.entries()].find(([, flows]) => flows.size > 0);
  if (socket.state !== 'ESTABLISHED' || !owner) return undefined;
  const nlb = topo.nlbNodes.find((n) => n.id === owner[0])!;
  const flowKey = [...owner[1].keys()][0]!;
  const start = sim.lastTime;
  sim.attemptEnd = undefined;
  sim.act(CLIENT, 0, start, (ctx) =>
    ctx.step({ type: 'socket', action: 'idle', detail: { note: `the connection goes back to the client's pool and sits idle; the backend keeps idle connections for ${t.backendSeconds} s` } }),
  );
  sim.act(nlb.id, 0, start + t.nlbSeconds * 1000, (ctx) => expireFlow(ctx, nlb, flowKey, t.nlbSeconds));
  const reuse = reuseAfterSeconds(t);
  sim.act(CLIENT, 0, start + reuse * 1000, (ctx) => {
    ctx.step({ type: 'socket', action: 'data-sent', detail: { note: `reuses the pooled connection after ${reuse} s idle: sends a request to ${formatEndpoint(socket.remote)}`, expected: socket.remote } });
    ctx.send(clientUplink(ctx), { src: socket.local, dst: socket.remote, flags: ['PSH', 'ACK'], seq: socket.isn + 1, ack: socket.rcvNxt ?? 0 });
  });
  sim.drain(0);
  // The client's socket is aborted by the RST (TS narrowed its state before the acts changed it).
  const disposition = (socket.state as string) === 'CLOSED' ? 'reset-by-nlb' : (sim.attemptEnd ?? 'established');
  return { disposition, firstAttempt: disposition, hops: sim.hops, endTime: sim.lastTime };
}
