// Which copy of each file counts, one rule for the terminal, the workbench and the CDK app: the learner's view
// is their copies over the starter; the solution view is the solution over the starter. Only the files the
// learner edits can be replaced; the rest of a lesson (a given function, say) stays as written. Files the lesson
// does not have at all (a helper module the learner added) are the learner's own.

type Files = Readonly<Record<string, string>>;

/** Files in a lesson folder that describe the lesson rather than being part of the learner's code: no starter. */
export const LESSON_DESCRIPTION = new Set(['index.mdx', 'architecture.ts', 'checks.ts']);

/** Folders of a lesson that hold answers to grade, not starter files: known-wrong ones and other right ones. */
export const ANSWER_FOLDERS = ['mutants', 'alternatives'] as const;

/** Whether a path in a lesson folder is part of the lesson's description (text, architecture, checks, graded answers). */
export const describesLesson = (path: string) => LESSON_DESCRIPTION.has(path) || ANSWER_FOLDERS.some((folder) => path.startsWith(`${folder}/`));

/** Whether the learner's (or the solution's) copy of `path` counts, given whether the starter has that file. */
export const replaces = (path: string, editable: readonly string[], inStarter: (path: string) => boolean) => editable.includes(path) || !inStarter(path);

const overlay = (starter: Files, editable: readonly string[], over: Files | undefined): Record<string, string> => ({
  ...starter,
  ...Object.fromEntries(Object.entries(over ?? {}).filter(([path]) => replaces(path, editable, (p) => Object.hasOwn(starter, p)))),
});

export const learnerView = (starter: Files, editable: readonly string[], workspace: Files | undefined) => overlay(starter, editable, workspace);
export const solutionView = (starter: Files, editable: readonly string[], solution: Files) => overlay(starter, editable, solution);
