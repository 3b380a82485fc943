// A modal confirmation on the native <dialog>: focus moves in (to Cancel), Escape cancels, focus returns.
import { h, uniqueId } from './dom.js';

export function confirmDialog({ title, text, confirmLabel, action, tone = 'danger' }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = uniqueId('dialog-title');
    const textId = uniqueId('dialog-text');
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    const confirm = h('button', { type: 'button', class: ['button', tone], dataset: { action } }, confirmLabel);
    const dialog = h('dialog', { 'aria-labelledby': titleId, 'aria-describedby': textId },
      h('h2', { id: titleId }, title),
      h('p', { id: textId }, text),
      h('div', { class: 'actions' }, cancel, confirm));
    const finish = (value) => {
      dialog.close();
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
