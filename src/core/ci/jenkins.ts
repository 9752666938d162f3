/**
 * Jenkins "Secret text" credentials (plain-credentials plugin) over the credentials REST endpoint
 * (the Credentials plugin's REST API): POST the XML to createCredentials (200 created, 409 exists), then POST it to
 * credential/ID/config.xml to update.
 */
import { Secret } from '../secret.js';

export const STRING_CREDENTIALS_CLASS = 'org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** XML 1.0 does not allow most control characters, even escaped. */
export function xmlTextProblem(s: string): string | undefined {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s) ? 'contains a control character that XML cannot carry' : undefined;
}

export interface SecretTextCredential {
  id: string;
  description: string;
  secret: Secret;
}

/** The credential XML; it contains the secret, so it is returned as a Secret too. */
export function secretTextXml(c: SecretTextCredential): Secret {
  return new Secret(
    [
      `<${STRING_CREDENTIALS_CLASS}>`,
      '  <scope>GLOBAL</scope>',
      `  <id>${xmlEscape(c.id)}</id>`,
      `  <description>${xmlEscape(c.description)}</description>`,
      `  <secret>${xmlEscape(c.secret.reveal())}</secret>`,
      `</${STRING_CREDENTIALS_CLASS}>`,
      '',
    ].join('\n'),
  );
}

export interface JenkinsPaths {
  /** Human name of the store ("system store" / "folder a/b"). */
  store: string;
  createUrl: string;
  updateUrl: string;
  /** Where the credential can be seen in the web UI. */
  uiUrl: string;
}

/** Normalises the Jenkins root URL (keeps a context path like /jenkins, drops a trailing slash). */
export function jenkinsBaseUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password || u.search || u.hash) return undefined;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** System store, or a folder's store for `--folder a/b` (→ /job/a/job/b/credentials/store/folder/…). */
export function jenkinsCredentialPaths(baseUrl: string, opts: { id: string; folder?: string }): JenkinsPaths {
  const folderSegs = (opts.folder ?? '').split('/').filter((s) => s !== '');
  const prefix = folderSegs.map((s) => `/job/${encodeURIComponent(s)}`).join('');
  const storeKind = folderSegs.length ? 'folder' : 'system';
  const domain = `${baseUrl}${prefix}/credentials/store/${storeKind}/domain/_`;
  return {
    store: folderSegs.length ? `folder ${folderSegs.join('/')}` : 'system store (global domain)',
    createUrl: `${domain}/createCredentials`,
    updateUrl: `${domain}/credential/${encodeURIComponent(opts.id)}/config.xml`,
    uiUrl: `${domain}/credential/${encodeURIComponent(opts.id)}/`,
  };
}

export function basicAuthHeader(user: string, token: Secret): Secret {
  return new Secret(`Basic ${Buffer.from(`${user}:${token.reveal()}`, 'utf8').toString('base64')}`);
}
