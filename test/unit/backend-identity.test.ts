import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindFromChartName, kindFromImage, kindFromLabels } from '../../server/src/core/parse/backend-identity';

describe('backend software from images, labels and chart names', () => {
  it('images: Istio proxyv2, the ingress-nginx controller (and its chroot variant), Traefik; registries, tags and digests', () => {
    const cases: [string, string | undefined][] = [
      ['docker.io/istio/proxyv2:1.24.2', 'istio-gateway'],
      ['gcr.io/istio-release/proxyv2:1.20.0-distroless', 'istio-gateway'],
      ['registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce', 'ingress-nginx'],
      ['registry.k8s.io/ingress-nginx/controller-chroot:v1.11.2', 'ingress-nginx'],
      ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.32.0', 'ingress-nginx'],
      ['traefik:v3.1', 'traefik'],
      ['docker.io/library/traefik:v2.11.0', 'traefik'],
      ['nginx/nginx-ingress:3.6.0', undefined],
      ['nginx:1.27', undefined],
      ['example.com/traefik-forward-auth:2', undefined],
    ];
    for (const [image, kind] of cases) assert.equal(kindFromImage(image), kind, image);
  });

  it('labels the charts put on pods and Services', () => {
    const cases: [Record<string, string>, string | undefined][] = [
      [{ istio: 'ingressgateway' }, 'istio-gateway'],
      [{ istio: 'eastwestgateway' }, 'istio-gateway'],
      [{ app: 'istio-ingressgateway' }, 'istio-gateway'],
      [{ 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }, 'ingress-nginx'],
      [{ app: 'ingress-nginx' }, 'ingress-nginx'],
      [{ 'app.kubernetes.io/name': 'traefik' }, 'traefik'],
      [{ app: 'my-gateway' }, undefined],
      [{ istio: 'pilot' }, undefined],
    ];
    for (const [labels, kind] of cases) assert.equal(kindFromLabels(labels)?.kind, kind, JSON.stringify(labels));
  });

  it('chart names, with or without a repository prefix or a packaged version', () => {
    assert.equal(kindFromChartName('gateway'), 'istio-gateway');
    assert.equal(kindFromChartName('istio/gateway'), 'istio-gateway');
    assert.equal(kindFromChartName('ingress-nginx/ingress-nginx'), 'ingress-nginx');
    assert.equal(kindFromChartName('oci://ghcr.io/traefik/helm/traefik'), 'traefik');
    assert.equal(kindFromChartName('ingress-nginx-4.11.2.tgz'), 'ingress-nginx');
    assert.equal(kindFromChartName('kong'), undefined);
  });
});
