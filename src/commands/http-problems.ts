/** The HTTP client's set-up problems (services/http.ts) worded for the command line, with the flag to fix. */
import { UsageError } from '../core/errors.js';
import { stripControl } from '../core/sanitize.js';
import type { HttpSetupProblem } from '../services/http.js';

export function httpSetupUsageError(p: HttpSetupProblem): UsageError {
  switch (p.kind) {
    case 'ca-file-unreadable':
      return new UsageError(`cannot read --ca-file ${p.path}: ${p.code}`, 'Pass a PEM file with the CA certificate(s) that signed the server certificate.');
    case 'ca-file-not-pem':
      return new UsageError(`--ca-file ${p.path} holds no PEM certificate`, 'Expected "-----BEGIN CERTIFICATE-----" blocks.');
    case 'proxy-url-invalid': {
      const shown = stripControl(p.value, { singleLine: true, maxLength: 80 });
      return new UsageError(
        `the environment variable ${p.variable} is not a proxy URL: "${shown}"`,
        `Set it to the proxy's address, e.g. ${p.variable}=http://proxy.example.com:3128 (with credentials: http://USER:PASSWORD@proxy.example.com:3128), or unset it.`,
      );
    }
  }
}
