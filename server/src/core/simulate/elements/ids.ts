/** Element ids: `client`, `dns`, `fabric`, `natgw`, `internet`, `host:<node>`, `nlb:<zone>`, `pod:<name>`. */
export const CLIENT = 'client';
export const DNS = 'dns';
export const FABRIC = 'fabric';
export const NAT_GATEWAY = 'natgw';
export const INTERNET = 'internet';
export const hostId = (node: string) => `host:${node}`;
export const podId = (pod: string) => `pod:${pod}`;
