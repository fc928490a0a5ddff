// The transformer tester, under the editor while an input transformer file is open: what EventBridge would deliver to
// its target for the event in the composer, or AWS's refusal (the words: ./transformer.ts). It runs at once when the
// file opens and again shortly after the learner stops typing in the file or the composer.

import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { previewTransformer, testerWords, transformerFiles, type PreviewInput } from './transformer.ts';
import './transformer.css';

/** How long after the last keystroke the tester runs again. */
const DELAY_MS = 200;

export interface TransformerTesterProps {
  architecture: LessonArchitecture;
  /** The file open in the editor: the tester shows only for an input transformer file. */
  file: ReadonlySignal<string | undefined>;
  /** Counts the edits to the files and changes to the composer's event. */
  edits: ReadonlySignal<number>;
  /** What it tests, as it is now: the learner's files, the composer's event and the account's coordinates. */
  read: () => Omit<PreviewInput, 'architecture' | 'file' | 'id'>;
}

export function TransformerTester({ architecture, file: openFile, edits, read }: TransformerTesterProps) {
  const owners = useMemo(() => transformerFiles(architecture), [architecture]);
  const heading = `transformer-${useId()}`;
  // EventBridge gives each event a new id; the tester keeps one so the output holds still. randomUUID exists only in
  // secure contexts: a site previewed over plain HTTP on the LAN gets a fixed id instead.
  const [eventId] = useState(() => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : '00000000-0000-4000-8000-000000000000'));
  const file = openFile.value;
  const edited = edits.value;
  const [tested, setTested] = useState(edited);
  useEffect(() => {
    const timer = setTimeout(() => setTested(edited), DELAY_MS);
    return () => clearTimeout(timer);
  }, [edited]);

  const owner = file === undefined ? undefined : owners.get(file);
  // Run again for another file at once, and for edits once they pause: `read` gives what they changed.
  const preview = useMemo(() => (owner && file !== undefined ? previewTransformer({ ...read(), architecture, file, id: eventId }) : undefined), [file, tested]);
  if (!owner || !preview || file === undefined) return null;
  const { note, verdict } = testerWords(file, owner, preview);
  return (
    <section class="transformer-test" aria-labelledby={heading} data-transformer-test data-state={preview.kind}>
      <h3 id={heading}>Transformer test</h3>
      <p class="workbench-note">{note}</p>
      <p class="transformer-verdict">{verdict}</p>
      {preview.kind === 'output' && (
        <pre class="transformer-output" tabIndex={0} aria-label="What the target receives">
          {preview.text}
        </pre>
      )}
    </section>
  );
}
