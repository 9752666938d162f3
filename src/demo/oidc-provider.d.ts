// oidc-provider 9 ships no type declarations (the @types package lags behind); the demo uses a small surface.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface ProviderInstance {
    Client: { prototype: object };
    InitialAccessToken: new (payload: { jti?: string; policies?: string[] }) => { save(): Promise<string> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
  interface ProviderClass {
    new (issuer: string, configuration: object): ProviderInstance;
    errors: { InvalidTarget: new (description?: string) => Error };
  }
  const Provider: ProviderClass;
  export default Provider;
}
