import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelevantDocument } from '../../client/src/relevance';

const doc = (path: string, languageId: string, text = '', scheme = 'file') => ({ path, languageId, text, scheme });

describe('which open documents start the language server', () => {
  it('YAML and Terraform always', () => {
    assert.equal(isRelevantDocument(doc('/w/k8s/svc.yaml', 'yaml')), true);
    assert.equal(isRelevantDocument(doc('/w/values.yml', 'yaml')), true);
    assert.equal(isRelevantDocument(doc('/w/main.tf', 'terraform')), true);
    assert.equal(isRelevantDocument(doc('/w/prod.tfvars', 'plaintext')), true, 'a .tfvars without a Terraform extension');
    assert.equal(isRelevantDocument(doc('/w/main.tf', 'hairpin-hcl')), true);
  });

  it('TypeScript and Python only when they use the CDK elbv2 module', () => {
    assert.equal(isRelevantDocument(doc('/w/lib/stack.ts', 'typescript', "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';")), true);
    assert.equal(isRelevantDocument(doc('/w/app/stack.py', 'python', 'from aws_cdk import aws_elasticloadbalancingv2 as elbv2')), true);
    assert.equal(isRelevantDocument(doc('/w/src/index.ts', 'typescript', 'export const x = 1;')), false);
    assert.equal(isRelevantDocument(doc('/w/main.py', 'python', 'print("hi")')), false);
    assert.equal(isRelevantDocument(doc('/w/types/elb.d.ts', 'typescript', "declare module 'aws-cdk-lib/aws-elasticloadbalancingv2';")), false);
  });

  it('JSON when it is a CloudFormation template', () => {
    assert.equal(isRelevantDocument(doc('/w/cdk.out/Stack.template.json', 'json', '{}')), true);
    assert.equal(isRelevantDocument(doc('/w/cfn/nlb.json', 'json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}')), true);
    assert.equal(isRelevantDocument(doc('/w/cfn/nlb.json', 'json', '{"Resources": {"Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer"}}}')), true);
    assert.equal(isRelevantDocument(doc('/w/package.json', 'json', '{"name": "x"}')), false);
    assert.equal(isRelevantDocument(doc('/w/cdk.out/manifest.json', 'json', '{"AWSTemplateFormatVersion": 1}')), false);
    assert.equal(isRelevantDocument(doc('/w/stack.template', 'plaintext', 'Resources:\n  L:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer')), true);
  });

  it('reads only the start of a large file, and nothing from other schemes or languages', () => {
    const late = `${' '.repeat(70 * 1024)}aws-elasticloadbalancingv2`;
    assert.equal(isRelevantDocument(doc('/w/big.ts', 'typescript', late)), false);
    assert.equal(isRelevantDocument(doc('/w/svc.yaml', 'yaml', '', 'git')), false);
    assert.equal(isRelevantDocument(doc('/w/README.md', 'markdown', 'aws-elasticloadbalancingv2')), false);
  });
});
