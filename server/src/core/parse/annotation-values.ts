/**
 * Annotation values read the way each controller's source reads them (FACTS.md §3), so that a value the
 * controller accepts is never taken for something else, and one it rejects is said to be rejected.
 */

/** The spellings Go's `strconv.ParseBool` accepts, which the Load Balancer Controller and cloud-provider-aws use. */
export const GO_BOOL_SPELLINGS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'] as const;

/**
 * Go's `strconv.ParseBool`: exactly these twelve spellings, no whitespace and no other case
 * (`tRuE`, `yes`, `on` and ` true` are errors). Both controllers read boolean annotations with it.
 */
export function parseGoBool(raw: string): boolean | undefined {
  switch (raw) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
    default:
      return undefined;
  }
}

/**
 * cloud-provider-aws (the legacy in-tree provider) reads `aws-load-balancer-internal` as internal for
 * any non-empty value other than exactly `"false"`: `"true"`, `"0.0.0.0/0"`, `"10.0.0.0/8"`, `"yes"`,
 * even `"False"` and `"0"` (pkg/providers/v1/aws.go compares the string with "false"). Undefined when empty.
 */
export function inTreeInternal(raw: string): boolean | undefined {
  if (raw === '') return undefined;
  return raw !== 'false';
}

/**
 * AWS's own attribute values (`load_balancing.cross_zone.enabled=true`, `proxy_protocol_v2.enabled`),
 * which the controllers pass through to the API as written: `true` or `false`, case-insensitive.
 */
export function parseAttributeBool(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}
