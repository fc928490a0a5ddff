// A confirmation asked in a native <dialog> (focus kept inside, Escape cancels), before Reset throws work away.

import { h, uniqueId } from './dom.ts';

/** Asks a yes/no question; resolves true only for the confirming button. */
export function confirmDialog(options: { title: string; body: string; confirm: string }): Promise<boolean> {
  const titleId = uniqueId('dialog-title');
  const yes = h('button', { type: 'button', class: 'danger' }, options.confirm);
  const no = h('button', { type: 'button' }, 'Cancel');
  const dialog = h('dialog', { class: 'workbench-dialog', 'aria-labelledby': titleId }, h('h3', { id: titleId }, options.title), h('p', {}, options.body), h('div', { class: 'dialog-actions' }, yes, no));
  document.body.append(dialog);
  return new Promise((resolve) => {
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    dialog.showModal();
    no.focus();
  });
}
