/** The process environment as the commands and engines receive it (injected, never read from `process.env` below the CLI). */
export type Env = Record<string, string | undefined>;
