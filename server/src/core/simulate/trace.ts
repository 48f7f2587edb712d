import type { Endpoint, FiveTuple, Packet } from './packet';

/** How a simulated handshake, or one attempt of it, ended (names after Batfish's dispositions). */
export type Disposition =
  | 'established'
  | 'reset-by-client'
  | 'reset-by-backend'
  | 'reset-by-nlb'
  | 'dropped-martian'
  | 'no-healthy-target'
  | 'tuple-collision'
  | 'connect-timeout'
  | 'no-route';

export type ElementKind = 'client' | 'host' | 'dns' | 'nlb-node' | 'fabric' | 'nat-gateway' | 'internet' | 'backend';

export interface FieldDiff {
  readonly field: 'srcIp' | 'srcPort' | 'dstIp' | 'dstPort';
  readonly old: string | number;
  readonly new: string | number;
}

export type Step =
  | { readonly type: 'receive'; readonly action: 'received'; readonly detail: { readonly from: string } }
  | { readonly type: 'transmit'; readonly action: 'sent'; readonly detail: { readonly to: string } }
  | { readonly type: 'nat'; readonly action: 'DNAT' | 'SNAT' | 'un-DNAT' | 'un-SNAT' | 'rewrite'; readonly detail: { readonly by: string; readonly diffs: readonly FieldDiff[] } }
  | { readonly type: 'conntrack'; readonly action: 'created' | 'matched-reply' | 'matched-original' | 'closed' | 'reopened'; readonly detail: { readonly tuple: FiveTuple; readonly reply?: FiveTuple } }
  | { readonly type: 'choice'; readonly action: 'chose'; readonly detail: { readonly what: string; readonly chosen: string; readonly classSize: number; readonly among: number; readonly probability: string } }
  | { readonly type: 'route'; readonly action: 'local-delivery' | 'to-fabric' | 'steered-to-nlb' | 'forwarded' | 'to-internet'; readonly detail: { readonly note: string } }
  | { readonly type: 'filter'; readonly action: 'dropped'; readonly detail: { readonly reason: string } }
  | { readonly type: 'socket'; readonly action: 'syn-sent' | 'established' | 'no-match' | 'rst-sent' | 'synack-sent' | 'challenge-ack' | 'aborted' | 'retransmit' | 'timeout' | 'data-sent' | 'data-accepted' | 'protocol-error' | 'idle'; readonly detail: { readonly note: string; readonly expected?: Endpoint } }
  | { readonly type: 'flow'; readonly action: 'created' | 'matched' | 'expired'; readonly detail: { readonly client: FiveTuple; readonly target: Endpoint; readonly preservation: boolean; readonly note?: string } }
  | { readonly type: 'flow'; readonly action: 'no-flow'; readonly detail: { readonly client: FiveTuple; readonly note: string } }
  | { readonly type: 'dns'; readonly action: 'resolved'; readonly detail: { readonly name: string; readonly address: string } };

export interface Hop {
  readonly element: string;
  readonly kind: ElementKind;
  /** 0 for the first SYN, 1.. for retransmissions. */
  readonly attempt: number;
  /** Simulated time of this hop in milliseconds. */
  readonly time: number;
  /** The packet as it arrived at this element (absent for hops that start a packet, like a socket's send). */
  readonly packet?: Packet;
  readonly steps: Step[];
}

export interface Trace {
  readonly disposition: Disposition;
  /** How the first attempt ended: this decides the failure mode. */
  readonly firstAttempt: Disposition;
  readonly hops: Hop[];
  /** Simulated time the handshake ended, in milliseconds. */
  readonly endTime: number;
}
