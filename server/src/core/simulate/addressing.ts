import type { Ip } from './packet';

export function ipToInt(ip: Ip): number {
  // Called for every routing decision: read the four numbers in place rather than split the string.
  let n = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + part;
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return n * 256 + part;
}

export function intToIp(n: number): Ip {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export interface Cidr {
  readonly base: number;
  readonly bits: number;
}

export function cidr(text: string): Cidr {
  const [ip, bits] = text.split('/') as [string, string];
  return { base: ipToInt(ip), bits: Number(bits) };
}

export function inCidr(ip: Ip, c: Cidr): boolean {
  const mask = c.bits === 0 ? 0 : (~0 << (32 - c.bits)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((c.base & mask) >>> 0);
}


/**
 * The address plan. Small clusters get T1's addresses exactly (zone k's nodes at 10.0.k+1.j+1 and its
 * NLB node at 10.0.101+k.10); larger ones get a wider VPC so addresses never collide.
 */
export interface AddressPlan {
  readonly vpc: Cidr;
  nodeIp(zoneIndex: number, nodeIndex: number): Ip;
  vpcPodIp(zoneIndex: number, podIndex: number): Ip;
  overlayPodIp(globalNodeIndex: number, podIndex: number): Ip;
  nlbPrivateIp(zoneIndex: number): Ip;
  nlbPublicIp(zoneIndex: number): Ip;
  readonly natPrivateIp: Ip;
  readonly natPublicIp: Ip;
  readonly vpcClientIp: Ip;
  /** The backend Service's ClusterIP (EKS's default service range is 172.20.0.0/16). */
  readonly clusterIp: Ip;
  readonly internetClientIp: Ip;
}

export function addressPlan(maxNodesPerZone: number, maxPodsPerZone: number): AddressPlan {
  const small = maxNodesPerZone <= 99 && maxPodsPerZone <= 140;
  const overlayBase = ipToInt('100.64.0.0');
  return {
    vpc: cidr(small ? '10.0.0.0/16' : '10.0.0.0/8'),
    nodeIp: (k, j) => (small ? `10.0.${k + 1}.${j + 1}` : intToIp(ipToInt(`10.${k + 1}.0.0`) + j + 1)),
    vpcPodIp: (k, c) => (small ? `10.0.${k + 1}.${101 + c}` : intToIp(ipToInt(`10.${k + 1}.128.0`) + c + 1)),
    overlayPodIp: (n, c) => intToIp(overlayBase + n * 256 + c + 2),
    nlbPrivateIp: (k) => `10.0.${101 + k}.10`,
    nlbPublicIp: (k) => `3.33.${k + 1}.10`,
    natPrivateIp: '10.0.200.5',
    natPublicIp: '52.95.0.1',
    vpcClientIp: small ? '10.0.1.250' : '10.0.250.250',
    clusterIp: '172.20.0.10',
    internetClientIp: '198.51.100.7',
  };
}
