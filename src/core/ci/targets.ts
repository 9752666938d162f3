/**
 * The one vocabulary of CI systems and push targets. Every module that names a CI system uses these types:
 * the wizard's choice, the push engine, rotation, detection from a git remote and the pipeline writer.
 */

/** Every CI system `instructions` has steps and a pipeline for (assets/ci/systems.json). */
export const CI_SYSTEMS = ['github', 'gitlab', 'jenkins', 'circleci', 'azure-devops', 'bitbucket', 'kubernetes'] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

export function isCiSystem(s: string): s is CiSystem {
  return (CI_SYSTEMS as readonly string[]).includes(s);
}

/** Systems the tool can store the key in itself (gh, glab, Jenkins REST); also the pipelines `--write` creates. */
export const PUSH_TARGETS = ['github', 'gitlab', 'jenkins'] as const;
export type PushTarget = (typeof PUSH_TARGETS)[number];

export function isPushTarget(s: string): s is PushTarget {
  return (PUSH_TARGETS as readonly string[]).includes(s);
}

/** Push targets reached through a forge's CLI (gh, glab). */
export type CliPushTarget = Extract<PushTarget, 'github' | 'gitlab'>;

/** Pipelines that `instructions --write` and the wizard can write into the repository. */
export type PipelineTarget = PushTarget;

/** The wizard's CI question: a push target, or any other system (manual steps). */
export const CI_TARGETS = ['github', 'gitlab', 'jenkins', 'other'] as const;
export type CiTarget = (typeof CI_TARGETS)[number];

/** Rotation's CI choice: a push target, or none (the person stores the key). */
export type CiKind = PushTarget | 'none';

/** What a git host looks like. */
export type ForgeKind = 'github' | 'gitlab' | 'other';

/** Where rotation stores the key (the flags of `push`, per target). */
export interface PushDestination {
  kind: CiKind;
  /** GitHub `[HOST/]OWNER/REPO`, GitLab `group/…/project`. */
  repo?: string;
  /** GitHub environment or GitLab scope. */
  env?: string;
  name: string;
  protected?: boolean;
  url?: string;
  user?: string;
  credentialId?: string;
  folder?: string;
  dryRun?: boolean;
}

/** What the origin remote says about the CI target. */
export interface ForgeGuess {
  target: ForgeKind;
  /** `owner/repo` or `group/…/project`. */
  repo?: string;
  host?: string;
  /** https clone URL without credentials. */
  httpsUrl?: string;
}
