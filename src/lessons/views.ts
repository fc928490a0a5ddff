// Which copy of each file counts, one rule for the terminal, the workbench and the CDK app: the learner's view
// is their copies over the starter; the solution view is the solution over the starter. Only the files the
// learner edits can be replaced; the rest of a lesson (a given function, say) stays as written. Files the lesson
// does not have at all (a helper module the learner added) are the learner's own.

type Files = Readonly<Record<string, string>>;

const overlay = (starter: Files, editable: readonly string[], over: Files | undefined): Record<string, string> => ({
  ...starter,
  ...Object.fromEntries(Object.entries(over ?? {}).filter(([path]) => editable.includes(path) || !Object.hasOwn(starter, path))),
});

export const learnerView = (starter: Files, editable: readonly string[], workspace: Files | undefined) => overlay(starter, editable, workspace);
export const solutionView = (starter: Files, editable: readonly string[], solution: Files) => overlay(starter, editable, solution);
