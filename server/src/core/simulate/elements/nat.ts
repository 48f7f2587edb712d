import type { Endpoint } from '../packet';
import type { FieldDiff } from '../trace';

/** Field-by-field difference between two address pairs, for NAT steps. */
export function natDiffs(before: { src: Endpoint; dst: Endpoint }, after: { src: Endpoint; dst: Endpoint }): FieldDiff[] {
  const d: FieldDiff[] = [];
  if (before.src.ip !== after.src.ip) d.push({ field: 'srcIp', old: before.src.ip, new: after.src.ip });
  if (before.src.port !== after.src.port) d.push({ field: 'srcPort', old: before.src.port, new: after.src.port });
  if (before.dst.ip !== after.dst.ip) d.push({ field: 'dstIp', old: before.dst.ip, new: after.dst.ip });
  if (before.dst.port !== after.dst.port) d.push({ field: 'dstPort', old: before.dst.port, new: after.dst.port });
  return d;
}
