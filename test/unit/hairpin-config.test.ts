import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/core/text/line-index';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';

const read = (text: string) => readHairpinConfig({ path: '.hairpin.yaml', text });
const lineOf = (text: string, offset: number) => new LineIndex(text).positionAt(offset).line + 1;

describe('.hairpin.yaml', () => {
  it('reads the example of the issue: zones as lists and counts, endpoints, clients, workload', () => {
    const text = [
      'cluster:',
      '  cni: aws-vpc-cni',
      '  zones:',
      '    zone-a: [n1, n2]',
      '    zone-b: [n3]',
      '    zone-c: 2',
      '  endpoints: {n3: 2, n1: 1}',
      'clients: [pod@n3, host@n1, vpc]',
      'workload: {concurrentConnectionsPerSource: 500, sourcePorts: 10000}',
      '',
    ].join('\n');
    const { cluster, notices } = read(text);
    assert.deepEqual(notices, []);
    assert.deepEqual(cluster.zones.value, [
      { name: 'zone-a', nodes: ['n1', 'n2'] },
      { name: 'zone-b', nodes: ['n3'] },
      { name: 'zone-c', nodes: ['zone-c-1', 'zone-c-2'] },
    ]);
    assert.deepEqual(cluster.endpoints.value, { n3: 2, n1: 1 });
    assert.deepEqual(cluster.clients.value, ['pod@n3', 'host@n1', 'vpc']);
    assert.equal(cluster.workload.concurrentConnectionsPerSource.value, 500);
    assert.equal(cluster.workload.sourcePorts.value, 10000);
    // Written in .hairpin.yaml: the user's statement, not an assumption (issue 10 H).
    assert.equal(cluster.cni.origin, 'explicit');
    assert.match(cluster.cni.why!, /in \.hairpin\.yaml/);
    assert.equal(text.slice(cluster.cni.span!.start, cluster.cni.span!.end), 'aws-vpc-cni');
  });

  it('without endpoints and clients: one backend pod per zone on its last node, and one client of each kind', () => {
    const { cluster } = read('cluster:\n  zones: {a: [x1, x2], b: [y1, y2]}\n');
    assert.deepEqual(cluster.endpoints.value, { x2: 1, y2: 1 });
    assert.equal(cluster.endpoints.origin, 'assumed');
    assert.deepEqual(cluster.clients.value, ['pod@x1', 'pod@x2']);
  });

  it('an empty file keeps every built-in assumption (T1)', () => {
    const { cluster, notices } = read('');
    assert.deepEqual(notices, []);
    assert.deepEqual(cluster.endpoints.value, { n2: 1, n4: 1, n6: 1 });
    assert.deepEqual(cluster.clients.value, ['pod@n1', 'pod@n2']);
  });

  it('unknown keys and wrong types are errors with file and line; the rest still applies', () => {
    const text = ['cluster:', '  cni: flannel', '  zonez: {}', 'clients: [pod@n9, robot]', 'workload:', '  sourcePorts: many', 'extra: 1', ''].join('\n');
    const { cluster, notices } = read(text);
    const got = notices.map((n) => [lineOf(text, n.span!.start), n.message]);
    assert.deepEqual(got, [
      [7, '.hairpin.yaml: unknown key "extra" (expected one of cluster, clients, workload)'],
      [3, '.hairpin.yaml: unknown key "cluster.zonez" (expected one of cni, zones, endpoints, labels, cloudProviderAwsVersion, targetGroups)'],
      [2, '.hairpin.yaml: cluster.cni must be aws-vpc-cni or overlay, not "flannel"'],
      [4, '.hairpin.yaml: client pod@n9 names a node that no zone lists'],
      [4, '.hairpin.yaml: client "robot" is not pod@NODE, host@NODE, vpc or internet'],
      [6, '.hairpin.yaml: workload.sourcePorts must be a positive whole number (at most 65535)'],
    ]);
    assert.ok(notices.every((n) => n.level === 'error' && n.file === '.hairpin.yaml'));
    assert.equal(cluster.cni.value, 'aws-vpc-cni');
    assert.deepEqual(cluster.clients.value, []);
  });

  it('endpoints on unknown nodes, duplicate nodes and bad YAML are reported', () => {
    assert.match(read('cluster:\n  zones: {a: [n1]}\n  endpoints: {n7: 1}\n').notices[0]!.message, /endpoints names node "n7"/);
    assert.match(read('cluster:\n  zones: {a: [n1], b: [n1]}\n').notices[0]!.message, /more than one zone/);
    assert.match(read('cluster: [\n').notices[0]!.message, /YAML syntax error/);
    assert.match(read('- a\n').notices[0]!.message, /expected a mapping/);
  });
});
