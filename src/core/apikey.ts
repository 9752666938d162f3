/**
 * FLYTE_API_KEY codec by the rules of flyte's own decoder (flyte.md §1): standard base64 of
 * `host:client_id:client_secret:org`, decoded by splitting from the left into at most 4 parts.
 * STUB: signatures fixed; implementation lands with the foundation issue.
 */
import { Secret } from './secret.js';

export type KeyField = 'endpoint' | 'clientId' | 'clientSecret' | 'org';

export interface ApiKeyFields {
  endpoint: string;
  clientId: string;
  clientSecret: Secret;
  /** May be empty (flyte then infers the org from the host: see orgFromEndpoint). */
  org: string;
}

export interface KeyProblem {
  /** Stable code, e.g. not_base64, url_safe_alphabet, missing_padding, wrong_field_count, scheme_in_endpoint, port_in_endpoint, colon_in_org, whitespace_in_field, empty_field, colon_in_field, control_character, newline_in_org, empty_org. */
  code: string;
  message: string;
  field?: KeyField | 'key';
  severity: 'error' | 'warning';
}

/** Turn what users paste (`https://host/`, `http://host`, `dns:///host`, spaces) into the bare host. */
export function normalizeEndpoint(input: string): { host: string; notice?: string } {
  void input;
  throw new Error('not implemented');
}

/** Problems with one field as the user types it (the wizard validates with this, and so does encode). */
export function validateField(field: KeyField, value: string): KeyProblem[] {
  void field;
  void value;
  throw new Error('not implemented');
}

/** Build the key; throws UsageError naming the field and how flyte would mis-read it. */
export function encodeApiKey(fields: ApiKeyFields): Secret {
  void fields;
  throw new Error('not implemented');
}

export interface DecodedApiKey {
  /** flyte would read the key as intended. */
  valid: boolean;
  endpoint: string;
  clientId: string;
  clientSecret: Secret;
  org: string;
  /** What flyte infers when the org is empty (first DNS label of a host with 3+ labels). */
  inferredOrg?: string;
  problems: KeyProblem[];
}

export function decodeApiKey(key: string): DecodedApiKey {
  void key;
  throw new Error('not implemented');
}

/** flyte's org_from_endpoint: the first label of a host with three or more labels. */
export function orgFromEndpoint(host: string): string | undefined {
  void host;
  throw new Error('not implemented');
}

/** First 8 hex digits of the SHA-256 of the secret: lets people compare secrets without seeing them. */
export function secretFingerprint(secret: Secret): string {
  void secret;
  throw new Error('not implemented');
}
