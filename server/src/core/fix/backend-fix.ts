import type { YAMLMap } from 'yaml';
import { BACKEND_NAMES, type BackendSettingsLocation } from '../model/backend';
import type { Frontend } from '../model/frontend';
import type { Change } from './changes';
import type { TextEdit, TextOf } from './types';
import { documentAt, isMap, pairAt, pairOf, parseYamlFile, replaceScalar, setAt, type YamlFile } from './yaml-edit';

const ISTIO_PROXY_CONFIG = `'{"gatewayTopology":{"proxyProtocol":{}}}'`;

/**
 * The backend's side of a proxy-protocol mismatch, written where its settings live: ingress-nginx's
 * `use-proxy-protocol` in its ConfigMap or chart values (`controller.config`), the Istio gateway's
 * `proxy.istio.io/config` pod annotation when none is written yet. Anything else is named instead.
 */
export function backendEdits(change: Change, f: Frontend, textOf: TextOf): TextEdit[] | string {
  if (change.setting === 'backend-idle-timeout') return idleTimeoutEdits(change.seconds!, f, textOf);
  const b = f.backend;
  const on = change.setting === 'backend-proxy-on';
  const instruction = instructionFor(b.kind, on);
  const where = b.settings;
  if (!where) return instruction;
  const found = settingsMap(where, textOf, instruction);
  if (typeof found === 'string') return found;
  const { y, base } = found;
  if (b.kind === 'ingress-nginx') {
    const value = on ? 'true' : 'false';
    const e = setAt(y, base, [...where.path, 'use-proxy-protocol'], `"${value}"`, (n) => replaceScalar(y, n, value));
    return e ? [e] : `use-proxy-protocol could not be placed under ${where.path.join('.')} in ${where.file}. ${instruction}`;
  }
  if (b.kind === 'istio-gateway' && on) {
    let node: unknown = base;
    for (const k of where.path) node = pairOf(node, k)?.value;
    if (pairOf(node, 'proxy.istio.io/config')) return `The gateway already has a proxy.istio.io/config annotation: ${instruction}`;
    const e = setAt(y, base, [...where.path, 'proxy.istio.io/config'], ISTIO_PROXY_CONFIG, () => undefined);
    return e ? [e] : `The annotation could not be placed under ${where.path.join('.')} in ${where.file}. ${instruction}`;
  }
  return instruction;
}

function instructionFor(kind: Frontend['backend']['kind'], on: boolean): string {
  switch (kind) {
    case 'ingress-nginx':
      return `Set use-proxy-protocol: "${on}" in ingress-nginx's ConfigMap (chart values: controller.config.use-proxy-protocol).`;
    case 'istio-gateway':
      return on
        ? `Add gatewayTopology.proxyProtocol to the gateway's proxy config: the pod annotation proxy.istio.io/config: ${ISTIO_PROXY_CONFIG}, or meshConfig.defaultConfig.gatewayTopology.proxyProtocol: {}.`
        : 'Remove gatewayTopology.proxyProtocol from the gateway’s proxy config (the proxy.istio.io/config pod annotation, or meshConfig.defaultConfig).';
    case 'traefik':
      return on
        ? 'Set ports.<entry point>.proxyProtocol.trustedIPs to the NLB’s addresses (or the VPC CIDR) in Traefik’s values, or --entryPoints.<name>.proxyProtocol.trustedIPs.'
        : 'Remove proxyProtocol from Traefik’s entry point settings.';
    default:
      return `Configure ${BACKEND_NAMES[kind]} to ${on ? 'expect' : 'not expect'} a PROXY v2 header.`;
  }
}

/**
 * The backend's idle timeout for client connections: ingress-nginx's `keep-alive` (seconds) in its
 * ConfigMap or chart values (`controller.config`), where its proxy-protocol setting lives too. Envoy's
 * (Istio's gateway) takes an EnvoyFilter on the gateway's HTTP connection manager: named, not written.
 */
function idleTimeoutEdits(seconds: number, f: Frontend, textOf: TextOf): TextEdit[] | string {
  const b = f.backend;
  const instruction =
    b.kind === 'ingress-nginx'
      ? `Set keep-alive: "${seconds}" in ingress-nginx's ConfigMap (chart values: controller.config.keep-alive).`
      : b.kind === 'istio-gateway'
        ? `Set the gateway's HTTP idle timeout below the NLB's with an EnvoyFilter on its HTTP connection manager: common_http_protocol_options.idle_timeout: ${seconds}s.`
        : `Configure ${BACKEND_NAMES[b.kind]} to close idle client connections after ${seconds} s.`;
  const where = b.settings;
  if (b.kind !== 'ingress-nginx' || !where) return instruction;
  const found = settingsMap(where, textOf, instruction);
  if (typeof found === 'string') return found;
  const { y, base } = found;
  const e = setAt(y, base, [...where.path, 'keep-alive'], `"${seconds}"`, (n) => replaceScalar(y, n, String(seconds)));
  return e ? [e] : `keep-alive could not be placed under ${where.path.join('.')} in ${where.file}. ${instruction}`;
}

/**
 * The map the backend's settings sit under (its ConfigMap document, or the chart values' map), read
 * again from the file's current text; a string saying why not, ending with `instruction`, otherwise.
 */
function settingsMap(where: BackendSettingsLocation, textOf: TextOf, instruction: string): { readonly y: YamlFile; readonly base: YAMLMap } | string {
  const text = textOf(where.file);
  if (text === undefined) return `The text of ${where.file} is not available. ${instruction}`;
  const y = parseYamlFile(where.file, text);
  const doc = y && documentAt(y, where.offset);
  const base = doc && (where.base === 'document' ? doc.contents : pairAt(doc, where.offset)?.map);
  if (!y || !isMap(base)) return `${where.file} could not be read again (it has syntax errors or changed). ${instruction}`;
  return { y, base: base as YAMLMap };
}
