import type { RuleReference } from './types';

/**
 * References for the rule pages: the AWS documentation and the public reports that domain/FACTS.md
 * names. Only addresses that follow from what FACTS.md says (a page path, a repository and an issue number).
 */
const TS_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-troubleshooting.html';
const gh = (repo: string, n: number, what: 'issues' | 'pull' = 'issues'): RuleReference => ({
  title: `${repo}#${n}`,
  url: `https://github.com/${repo}/${what}/${n}`,
});

export const AWS_LOOPBACK_TIMEOUT: RuleReference = {
  title: 'AWS: Troubleshoot your Network Load Balancer, loopback timeout (hairpinning is not supported with client IP preservation)',
  url: `${TS_DOC}#loopback-timeout`,
};
export const AWS_INTERMITTENT_FAILURE: RuleReference = {
  title: 'AWS: Troubleshoot your Network Load Balancer, intermittent connection failure (same source IP and port through several NLB nodes)',
  url: `${TS_DOC}#intermittent-connection-failure`,
};
export const AWS_TCP_DELAYS: RuleReference = {
  title: 'AWS: Troubleshoot your Network Load Balancer, TCP connection delays',
  url: `${TS_DOC}#tcp-delays`,
};
export const AWS_TARGET_GROUP_ATTRIBUTES: RuleReference = {
  title: 'AWS: Edit target group attributes for your Network Load Balancer (`preserve_client_ip.enabled`, `proxy_protocol_v2.enabled`, cross-zone)',
  url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html',
};
export const LBC_SERVICE_ANNOTATIONS: RuleReference = {
  title: 'AWS Load Balancer Controller: Service annotations',
  url: 'https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/guide/service/annotations.md',
};

/** Public reports of the in-cluster hairpin through an NLB with client IP preservation. */
export const HAIRPIN_REPORTS: readonly RuleReference[] = [
  gh('kubernetes/kubernetes', 66796),
  gh('aws/amazon-vpc-cni-k8s', 840),
  { ...gh('istio/istio', 42392), title: 'istio/istio#42392 (2 min 9 s timeouts from a pod on the gateway’s node)' },
  { ...gh('istio/istio', 33790), title: 'istio/istio#33790 (about 1 in 3 in-cluster requests time out)' },
  { ...gh('kubernetes/ingress-nginx', 7900), title: 'kubernetes/ingress-nginx#7900 (fixed by `preserve_client_ip.enabled=false`)' },
  { ...gh('kubernetes/ingress-nginx', 6758), title: 'kubernetes/ingress-nginx#6758 (fixed by `preserve_client_ip.enabled=false`)' },
  gh('kubernetes/cloud-provider-aws', 1160),
  gh('kubernetes/cloud-provider-aws', 564),
  { ...gh('cilium/cilium', 48067), title: 'cilium/cilium#48067 (a 5 s stall in a Cilium setup)' },
];

/** Public reports of resets from a 4-tuple reused across NLB nodes with cross-zone on. */
export const COLLISION_REPORTS: readonly RuleReference[] = [
  { title: 'niels-ole.com (2020), “NLB resets”: the write-up after which AWS added the troubleshooting section' },
  {
    ...gh('ministryofjustice/cloud-platform-terraform-ingress-controller', 88, 'pull'),
    title: 'ministryofjustice/cloud-platform-terraform-ingress-controller#88 (made cross-zone optional for this reason)',
  },
];
