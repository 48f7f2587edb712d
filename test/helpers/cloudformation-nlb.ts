/**
 * The head of a CloudFormation template with an internal NLB `Nlb`, cross-zone on: tests append their
 * target groups and listeners under `Resources:` (indented two spaces).
 */
export const CFN_INTERNAL_CROSS_ZONE_NLB = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      Scheme: internal
      LoadBalancerAttributes:
        - Key: load_balancing.cross_zone.enabled
          Value: 'true'
`;
