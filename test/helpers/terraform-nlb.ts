/**
 * An internal Terraform NLB `aws_lb.edge` with one target group `aws_lb_target_group.web` behind a TCP
 * listener on 443, for tests of what its targets are (issue 10, kind D). Nothing is attached.
 */
export function edgeNlbTf(opts: { lbName?: string; crossZone?: boolean; tgName?: string; tgPort?: number; preserve?: string } = {}): string {
  return [
    'resource "aws_lb" "edge" {',
    ...(opts.lbName ? [`  name               = "${opts.lbName}"`] : []),
    '  load_balancer_type = "network"',
    '  internal           = true',
    `  enable_cross_zone_load_balancing = ${opts.crossZone ?? true}`,
    '}',
    'resource "aws_lb_target_group" "web" {',
    `  name     = "${opts.tgName ?? 'web-tg'}"`,
    `  port     = ${opts.tgPort ?? 8080}`,
    '  protocol = "TCP"',
    ...(opts.preserve ? [`  preserve_client_ip = "${opts.preserve}"`] : []),
    '}',
    'resource "aws_lb_listener" "edge" {',
    '  load_balancer_arn = aws_lb.edge.arn',
    '  port              = 443',
    '  protocol          = "TCP"',
    '  default_action {',
    '    type             = "forward"',
    '    target_group_arn = aws_lb_target_group.web.arn',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * HP103's rate with T equally likely targets: 1 - (1 - 1/(R T))^(K (Z-1)/Z), for the assumed K = 1,000
 * connections per source, R = 28,232 source ports and Z = 3 NLB nodes.
 */
export function collisionRate(targets: number): number {
  return 1 - Math.pow(1 - 1 / (28232 * targets), (1000 * 2) / 3);
}
