/**
 * Adds the flyte-deploy job to an existing .gitlab-ci.yml with yaml's Document API, so the user's comments,
 * key order and other jobs stay as they are. Adds "deploy" to an explicit `stages:` list that lacks it.
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Pair, type YAMLMap } from 'yaml';

export interface MergeResult {
  text: string;
  /** The job existed and was replaced. */
  replaced: boolean;
  /** "deploy" was appended to `stages:`. */
  addedStage: boolean;
}

/** No line folding (long script lines stay on one line) and flow collections written as the user likely wrote them. */
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

export class GitlabCiParseError extends Error {}

export function addJobToGitlabCi(existing: string, jobSnippet: string): MergeResult {
  const doc = parseDocument(existing, { keepSourceTokens: false });
  if (doc.errors.length) throw new GitlabCiParseError(`it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  const snippet = parseDocument(jobSnippet);
  if (snippet.errors.length || !isMap(snippet.contents)) throw new Error('job snippet is not a YAML map');
  const jobPair = snippet.contents.items[0] as Pair<Scalar, unknown>;
  const jobName = String(jobPair.key.value);
  const jobComment = snippet.commentBefore ?? snippet.contents.commentBefore ?? jobPair.key.commentBefore ?? undefined;

  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    const fresh = parseDocument(jobSnippet);
    const comment = doc.commentBefore;
    if (comment) fresh.commentBefore = comment + (fresh.commentBefore ? `\n${fresh.commentBefore}` : '');
    return { text: fresh.toString(TO_STRING), replaced: false, addedStage: false };
  }
  if (!isMap(doc.contents)) throw new GitlabCiParseError('its top level is not a map of jobs and keywords');
  const root = doc.contents as unknown as YAMLMap<unknown, unknown>;

  let addedStage = false;
  const stages = root.get('stages', true);
  if (isSeq(stages)) {
    const names = stages.items.map((it) => (isScalar(it) ? String(it.value) : ''));
    if (!names.includes('deploy')) {
      stages.add(doc.createNode('deploy'));
      addedStage = true;
    }
  }

  const value = doc.createNode(jobPair.value);
  const existingPair = root.items.find((p) => isScalar(p.key) && p.key.value === jobName);
  if (existingPair) {
    (existingPair as Pair<unknown, unknown>).value = value;
    return { text: doc.toString(TO_STRING), replaced: true, addedStage };
  }
  const key = new Scalar(jobName);
  if (jobComment) key.commentBefore = jobComment;
  key.spaceBefore = true;
  root.add(doc.createPair(key, value));
  return { text: doc.toString(TO_STRING), replaced: false, addedStage };
}
