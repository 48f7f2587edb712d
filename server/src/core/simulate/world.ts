import type { Chooser } from './choice';
import { ConntrackTable } from './conntrack';
import type { Endpoint, FiveTuple, Packet } from './packet';
import type { Disposition, Hop, Step } from './trace';
import type { ClientPlacement, NlbNode, Topology } from './topology';

/** A flow an NLB node has pinned to a target (TCP flows stick to one target for their life). */
export interface NlbFlow {
  readonly nlb: NlbNode;
  readonly client: FiveTuple;
  readonly target: Endpoint;
  /** Source the target sees: the client's own address with preservation, the NLB's otherwise. */
  readonly targetSrc: Endpoint;
}

export interface ClientSocket {
  readonly local: Endpoint;
  remote: Endpoint;
  state: 'CLOSED' | 'SYN_SENT' | 'ESTABLISHED';
  readonly isn: number;
  /** The peer's next sequence number, once established (the first data segment acknowledges it). */
  rcvNxt?: number;
}

/** A backend connection's TCP state, with the sequence numbers RFC 5961's checks need. */
export interface BackendConnection {
  state: 'SYN_RECV' | 'ESTABLISHED';
  readonly rcvNxt: number;
  readonly sndNxt: number;
}

/** All mutable state of one simulated run. */
export class WorldState {
  readonly conntrack = new Map<string, ConntrackTable>();
  readonly nlbFlows = new Map<string, Map<string, NlbFlow>>();
  /** Target-side reply tuple -> flow, for every flow; the VPC fabric steers preserved ones with it. */
  readonly flowByTargetReply = new Map<string, NlbFlow>();
  readonly backendSockets = new Map<string, Map<string, BackendConnection>>();
  nextNlbPort = 1024;
  /** Every client socket; the client may hold several with the same local port (per-4-tuple uniqueness). */
  readonly sockets: ClientSocket[];
  /** The socket the client is acting with now (connect, retransmit). */
  socket: ClientSocket;

  constructor(first: ClientSocket) {
    this.sockets = [first];
    this.socket = first;
  }

  table(owner: string): ConntrackTable {
    let t = this.conntrack.get(owner);
    if (!t) this.conntrack.set(owner, (t = new ConntrackTable()));
    return t;
  }
}

export type PacketFields = Omit<Packet, 'id' | 'time'>;

/** What an element sees while it handles one packet: the world, a way to record steps and to send. */
export interface SimContext {
  readonly topo: Topology;
  readonly client: ClientPlacement;
  readonly chooser: Chooser;
  readonly world: WorldState;
  /** Shared across the runs of one enumeration, for work that does not depend on the path (target classes). */
  readonly cache: Map<string, unknown>;
  readonly now: number;
  readonly hop: Hop;
  /**
   * Whether steps are recorded. An enumeration runs every path only for how it ends, so elements guard
   * each `step(...)` with this and build no step details when it is false; the paths a result keeps are
   * replayed with recording on (simulate/enumerate.ts). Nothing an element decides may depend on it.
   */
  readonly recording: boolean;
  step(s: Step): void;
  send(to: string, packet: PacketFields): void;
  /** Records how this attempt ended; the first call wins. */
  end(d: Disposition): void;
}
