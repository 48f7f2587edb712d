import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { dropUnusableKeys, resolveAliases, type ErrorFn } from './config-yaml';
import { assumedCluster, countedZone, splitClient, defaultClients, MAX_NAMED_NODES, MAX_ZONES, spreadEndpoints, type ClientLocation, type ClusterFacts, type ClusterOverrides, type Cni, type NodeLabels, type ZoneFacts } from '../model/cluster';
import { parseVersion } from '../model/aws-defaults';
import type { Labels } from '../model/node-selector';
import type { Sourced } from '../model/sourced';
import type { Notice, SourceFile } from '../model/workspace';
import { span } from '../text/span';
import { isTooDeep, TOO_DEEP, withLfLineBreaks } from './guards';
import { MAX_COUNT } from './counts';
import { describeValue, entries, nodeSpan, scalarCount, scalarNumber, scalarText, writtenText } from './yaml-ast';

export const CONFIG_FILE_NAME = '.hairpin.yaml';

export interface HairpinConfig {
  /** The file's values over the built-in assumptions (what the CLI used before workspace inference). */
  readonly cluster: ClusterFacts;
  /** Only what the file says, to layer over what the workspace implies. */
  readonly overrides: ClusterOverrides;
  readonly notices: Notice[];
}

const TOP_KEYS = ['cluster', 'clients', 'workload'];
const CLUSTER_KEYS = ['cni', 'zones', 'endpoints', 'labels', 'cloudProviderAwsVersion', 'targetGroups'];
const WORKLOAD_KEYS = ['concurrentConnectionsPerSource', 'sourcePorts'];
/** Each client is enumerated on its own: a bound on the work a config file can ask for. */
const MAX_CLIENTS = 64;
const CLIENT = /^(pod|host)@[A-Za-z0-9._-]+$|^vpc$|^internet$/;

/**
 * Reads `.hairpin.yaml`: what manifests cannot say about the cluster. Values from it are written
 * (`explicit`, with their span in this file); anything left out keeps the built-in assumption. Unknown keys
 * and wrong types are errors with a position, and the rest of the file still applies.
 */
export function readHairpinConfig(file: SourceFile): HairpinConfig {
  const notices: Notice[] = [];
  const base = assumedCluster();
  // Duplicate keys are reported one by one below (the first wins), so that the rest of the file still applies.
  const doc = parseDocument(withLfLineBreaks(file.text), { uniqueKeys: false });
  const error = (message: string, node?: unknown) =>
    notices.push({ file: file.path, level: 'error', message: `${CONFIG_FILE_NAME}: ${message}`, ...(spanOf(file.path, node) ? { span: spanOf(file.path, node)! } : {}) });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    notices.push({ file: file.path, level: 'error', message: `${CONFIG_FILE_NAME}: ${isTooDeep(e.message) ? TOO_DEEP.split(';')[0] : `YAML syntax error: ${e.message.split('\n')[0]}`}`, span: span(file.path, e.pos[0], e.pos[1]) });
    return { cluster: base, overrides: {}, notices };
  }
  resolveAliases(doc);
  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    error('expected a mapping with cluster, clients and workload', root);
    return { cluster: base, overrides: {}, notices };
  }
  dropUnusableKeys(root, error);
  const from = <T>(value: T, node: unknown, what: string): Sourced<T> => ({ value, origin: 'explicit', why: `${what} in ${CONFIG_FILE_NAME}`, span: spanOf(file.path, node) });
  checkKeys(root, TOP_KEYS, '', error);

  let cni = base.cni;
  let zones = base.zones;
  let endpoints: Sourced<Readonly<Record<string, number>>> | undefined;
  let cloudProviderAwsVersion: Sourced<string> | undefined;
  let targetGroups: Sourced<readonly string[]> | undefined;
  let endpointsNode: unknown;
  let labelsNode: unknown;
  const cluster = entries(root).find((e) => e.key === 'cluster')?.value;
  if (cluster != null && !isMap(cluster)) error('cluster must be a mapping', cluster);
  checkKeys(cluster, CLUSTER_KEYS, 'cluster.', error);
  for (const e of entries(cluster)) {
    if (e.key === 'cni') {
      const v = scalarText(e.value);
      if (v === 'aws-vpc-cni' || v === 'overlay') cni = from<Cni>(v, e.value, 'CNI');
      else error(`cluster.cni must be aws-vpc-cni or overlay, not ${JSON.stringify(v ?? null)}`, e.value);
    } else if (e.key === 'zones') {
      const z = readZones(e.value, error);
      if (z) zones = from(z, e.value, 'zones and nodes');
    } else if (e.key === 'endpoints') {
      const ep = readEndpoints(e.value, error);
      if (ep) endpoints = from(ep, e.value, 'backend pods per node');
      endpointsNode = e.value;
    } else if (e.key === 'labels') labelsNode = e.value;
    else if (e.key === 'targetGroups') {
      const list = readTargetGroups(e.value, error);
      if (list) targetGroups = from(list, e.value, 'target groups that register these nodes');
    }
    else if (e.key === 'cloudProviderAwsVersion') {
      const v = scalarText(e.value);
      if (v !== undefined && parseVersion(v)) cloudProviderAwsVersion = from(v, e.value, 'cluster.cloudProviderAwsVersion');
      else error(`cluster.cloudProviderAwsVersion must be a version such as 1.35.0 or v1.34.2, not ${JSON.stringify(v ?? null)}`, e.value);
    }
  }
  const known = new Set(zones.value.flatMap((z) => z.nodes));
  for (const e of entries(endpointsNode)) {
    if (!known.has(e.key)) error(`cluster.endpoints names node "${e.key}", which no zone lists`, e.keyNode);
  }
  const labelFacts = labelsNode === undefined ? undefined : readLabels(labelsNode, zones.value, error);
  const labels = labelFacts && from(labelFacts, labelsNode, 'node labels');
  const endpointFacts =
    endpoints ?? (zones === base.zones ? base.endpoints : { value: spreadEndpoints(zones.value, zones.value.length), origin: 'assumed' as const, why: 'one backend pod per zone, spread evenly (no replica count known)' });

  let clients: Sourced<readonly ClientLocation[]> =
    zones === base.zones && endpointFacts === base.endpoints
      ? base.clients
      : { value: defaultClients(zones.value, endpointFacts.value), origin: 'assumed', why: 'one pod on a node without a backend pod and one on a node with one' };
  const clientsEntry = entries(root).find((e) => e.key === 'clients');
  let clientsOverride: typeof clients | undefined;
  if (clientsEntry) {
    const list = readClients(clientsEntry.value, known, zones.value.some((z) => z.unnamed), error);
    if (list) clients = clientsOverride = from(list, clientsEntry.value, 'client locations');
  }

  const workload: { -readonly [K in keyof ClusterFacts['workload']]: ClusterFacts['workload'][K] } = { ...base.workload };
  const workloadOverrides: { -readonly [K in keyof ClusterFacts['workload']]?: ClusterFacts['workload'][K] } = {};
  const wl = entries(root).find((e) => e.key === 'workload')?.value;
  if (wl != null && !isMap(wl)) error('workload must be a mapping', wl);
  checkKeys(wl, WORKLOAD_KEYS, 'workload.', error);
  for (const e of entries(wl)) {
    const n = scalarCount(e.value);
    if (e.key === 'concurrentConnectionsPerSource' || e.key === 'sourcePorts') {
      const max = e.key === 'sourcePorts' ? 65535 : Number.MAX_SAFE_INTEGER;
      if (n === undefined || n < 1 || n > max) error(`workload.${e.key} must be a positive whole number${e.key === 'sourcePorts' ? ' (at most 65535)' : ''}`, e.value);
      else workloadOverrides[e.key] = workload[e.key] = from(n, e.value, `workload.${e.key}`);
    }
  }
  const overrides: ClusterOverrides = {
    ...(cni !== base.cni ? { cni } : {}),
    ...(zones !== base.zones ? { zones } : {}),
    ...(endpoints ? { endpoints } : {}),
    ...(labels ? { labels } : {}),
    ...(clientsOverride ? { clients: clientsOverride } : {}),
    ...(Object.keys(workloadOverrides).length ? { workload: workloadOverrides } : {}),
    ...(cloudProviderAwsVersion ? { cloudProviderAwsVersion } : {}),
    ...(targetGroups ? { targetGroups } : {}),
  };
  return { cluster: { cni, zones, endpoints: endpointFacts, clients, workload, ...(labels ? { labels } : {}) }, overrides, notices };
}



function checkKeys(node: unknown, allowed: readonly string[], prefix: string, error: ErrorFn): void {
  for (const e of entries(node)) {
    if (!allowed.includes(e.key)) error(`unknown key "${prefix}${e.key}" (expected one of ${allowed.join(', ')})`, e.keyNode);
  }
}

function readZones(node: unknown, error: ErrorFn): ZoneFacts[] | undefined {
  if (!isMap(node)) {
    error('cluster.zones must map zone names to a list of node names or a node count', node);
    return undefined;
  }
  const zones: ZoneFacts[] = [];
  const seen = new Set<string>();
  const all = entries(node);
  if (all.length > MAX_ZONES) error(`cluster.zones lists ${all.length} zones; Hairpin simulates at most ${MAX_ZONES}, so the rest are ignored`, all[MAX_ZONES]!.keyNode);
  for (const e of all.slice(0, MAX_ZONES)) {
    if (isSeq(e.value)) {
      const nodes: string[] = [];
      for (const item of e.value.items) {
        const n = scalarText(item);
        if (!n) error(`cluster.zones.${e.key}: a node name must be a non-empty string`, item);
        else if (seen.has(n)) error(`node "${n}" is listed more than once (in more than one zone, or twice in one); node names must be unique`, item);
        else {
          seen.add(n);
          nodes.push(n);
        }
      }
      zones.push({ name: e.key, nodes });
      continue;
    }
    let count = scalarCount(e.value);
    const written = scalarNumber(e.value);
    if (count === undefined && written !== undefined && Number.isInteger(written) && written > MAX_COUNT) {
      error(`cluster.zones.${e.key}: ${writtenText(e.value)} nodes is more than Hairpin counts exactly; using the cap, ${MAX_COUNT}`, e.value);
      count = MAX_COUNT;
    }
    if (count === undefined) {
      error(`cluster.zones.${e.key} must be a list of node names or a whole number of nodes (0 or more)`, e.value);
      continue;
    }
    const zone = countedZone(e.key, count, (i) => `${e.key}-${i + 1}`);
    const clash = zone.nodes.find((n) => seen.has(n));
    if (clash !== undefined) error(`node "${clash}" is listed more than once (in more than one zone, or twice in one); node names must be unique`, e.value);
    zones.push({ ...zone, nodes: zone.nodes.filter((n) => !seen.has(n)) });
    for (const n of zone.nodes) seen.add(n);
  }
  if (zones.length === 0) {
    error('cluster.zones needs at least one zone', node);
    return undefined;
  }
  if (!zones.some((z) => z.nodes.length > 0)) {
    error('cluster.zones lists no node in any zone; give at least one node (a name or a count)', node);
    return undefined;
  }
  return zones;
}

/**
 * `cluster.labels`: a zone name or a node name, each mapped to its Kubernetes labels (`role: edge`). A
 * zone's labels go on all its nodes, counted ones included; a node's own labels win over its zone's.
 */
function readLabels(node: unknown, zones: readonly ZoneFacts[], error: ErrorFn): NodeLabels | undefined {
  if (!isMap(node)) {
    error('cluster.labels must map zone or node names to a mapping of labels (such as role: edge)', node);
    return undefined;
  }
  const zoneNames = new Set(zones.map((z) => z.name));
  const nodeNames = new Set(zones.flatMap((z) => z.nodes));
  const byZone = new Map<string, Labels>();
  const byNode = new Map<string, Labels>();
  for (const e of entries(node)) {
    const isZone = zoneNames.has(e.key);
    if (!isZone && !nodeNames.has(e.key)) {
      error(`cluster.labels names "${e.key}", which is neither a zone nor a node that cluster.zones lists`, e.keyNode);
      continue;
    }
    if (!isMap(e.value)) {
      error(`cluster.labels.${e.key} must be a mapping of label names to values (such as role: edge)`, e.value);
      continue;
    }
    const labels = new Map<string, string>();
    for (const l of entries(e.value)) {
      const v = isScalar(l.value) && l.value.value !== null && typeof l.value.value !== 'object' ? String(l.value.value) : undefined;
      if (v === undefined) error(`cluster.labels.${e.key}.${l.key} must be a label value (a string)`, l.value ?? l.keyNode);
      else labels.set(l.key, v);
    }
    (isZone ? byZone : byNode).set(e.key, Object.fromEntries(labels));
  }
  return { ...(byZone.size ? { zones: Object.fromEntries(byZone) } : {}), ...(byNode.size ? { nodes: Object.fromEntries(byNode) } : {}) };
}

/** `cluster.targetGroups`: target groups (name, address or logical id) whose targets are these nodes, or `*` for all. */
function readTargetGroups(node: unknown, error: ErrorFn): string[] | undefined {
  const one = scalarText(node);
  if (one === '*') return ['*'];
  if (!isSeq(node)) {
    error('cluster.targetGroups must be a list of target group names (or "*" for every target group nothing else describes)', node);
    return undefined;
  }
  const out: string[] = [];
  for (const item of node.items) {
    const v = scalarText(item);
    if (!v) error('cluster.targetGroups: a target group name must be a non-empty string', item);
    else out.push(v);
  }
  return out;
}

function readEndpoints(node: unknown, error: ErrorFn): Record<string, number> | undefined {
  if (!isMap(node)) {
    error('cluster.endpoints must map node names to a number of backend pods', node);
    return undefined;
  }
  const out = new Map<string, number>();
  for (const e of entries(node)) {
    const n = scalarCount(e.value);
    if (n === undefined) error(`cluster.endpoints.${e.key} must be a whole number of pods (0 or more), not ${describeValue(e.value)}`, e.value);
    else out.set(e.key, n);
  }
  const total = [...out.values()].reduce((a, b) => a + b, 0);
  if (total > MAX_COUNT) {
    // Probabilities are fractions over this total: past 2^53 - 1 they would no longer be exact.
    error(`cluster.endpoints adds up to ${total} pods, more than Hairpin counts exactly (at most ${MAX_COUNT}); cluster.endpoints is ignored`, node);
    return undefined;
  }
  // fromEntries defines own properties, so any node name (even __proto__) is a plain key.
  return Object.fromEntries(out);
}

function readClients(node: unknown, known: ReadonlySet<string>, counted: boolean, error: ErrorFn): ClientLocation[] | undefined {
  if (!isSeq(node)) {
    error('clients must be a list such as [pod@n1, host@n1, vpc, internet]', node);
    return undefined;
  }
  const out: ClientLocation[] = [];
  if (node.items.length > MAX_CLIENTS) error(`clients lists ${node.items.length} locations; Hairpin simulates at most ${MAX_CLIENTS}, so the rest are ignored`, node.items[MAX_CLIENTS]);
  for (const item of node.items.slice(0, MAX_CLIENTS)) {
    const v = scalarText(item);
    if (!v || !CLIENT.test(v)) error(`client ${JSON.stringify(v ?? null)} is not pod@NODE, host@NODE, vpc or internet`, item);
    else if (v.includes('@') && !known.has(splitClient(v).node)) error(`client ${v} names a node that no zone lists${counted ? ` (a zone given as a count names only its first ${MAX_NAMED_NODES} nodes)` : ''}`, item);
    else out.push(v as ClientLocation);
  }
  return out;
}


function spanOf(file: string, node: unknown) {
  return nodeSpan(file, node as Node | undefined);
}
