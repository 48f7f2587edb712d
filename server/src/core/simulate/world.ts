import type { Chooser } from './choice';
import { ConntrackTable } from './conntrack';
import { tupleKey, type Endpoint, type FiveTuple, type Packet } from './packet';
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

/** A 5-tuple's key in one run's tables (WorldState.key). */
export type FlowKey = number | string;

/** Addresses of one run that get numeric flow keys: 10 bits of id, 16 of port, two endpoints in 52 bits. */
const MAX_ADDRESS_IDS = 1024;

/** All mutable state of one simulated run. */
export class WorldState {
  readonly conntrack = new Map<string, ConntrackTable>();
  readonly nlbFlows = new Map<string, Map<FlowKey, NlbFlow>>();
  /** Target-side reply tuple -> flow, for every flow; the VPC fabric steers preserved ones with it. */
  readonly flowByTargetReply = new Map<FlowKey, NlbFlow>();
  readonly backendSockets = new Map<string, Map<FlowKey, BackendConnection>>();
  /** Small ids of the addresses this run has met, for its flow keys. */
  private readonly addressIds = new Map<string, number>();
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
    if (!t) this.conntrack.set(owner, (t = new ConntrackTable(this)));
    return t;
  }

  /**
   * A 5-tuple's key in this run's tables: equal exactly when the addresses and ports are. One number
   * (address ids of this run, ports), not a string built and hashed on every packet; the text form
   * (`tupleKey`) when a port is not a 16-bit port or the run meets more addresses than ids fit.
   */
  key(t: Pick<FiveTuple, 'src' | 'dst'>): FlowKey {
    const a = this.endpointKey(t.src);
    const b = a < 0 ? -1 : this.endpointKey(t.dst);
    return b < 0 ? tupleKey(t) : a * 2 ** 26 + b;
  }

  private endpointKey(e: Endpoint): number {
    if (!Number.isInteger(e.port) || e.port < 0 || e.port > 0xffff) return -1;
    let id = this.addressIds.get(e.ip);
    if (id === undefined) {
      if (this.addressIds.size >= MAX_ADDRESS_IDS) return -1;
      this.addressIds.set(e.ip, (id = this.addressIds.size));
    }
    return id * 0x10000 + e.port;
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
