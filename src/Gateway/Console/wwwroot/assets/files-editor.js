// A set of config files being edited (agent config, profile version): name, content type and
// highlighted contents per file; add and remove files; a review of the changes against a baseline.
import { h, append, clear, uniqueId, debounce } from './dom.js';
import { codeEditor, languageFor } from './code.js';
import { diffView } from './diff.js';

const CONTENT_TYPES = ['text/yaml', 'application/json', 'text/plain', 'application/toml', 'application/xml'];

/**
 * initial: [{name, contentType, body}]; baseline: {name: {body}} to review against; reviewLabel: its summary text.
 * Returns { root, review, files, reset(), validate() → payload or null (after marking the problem) }.
 */
export function filesEditor({ initial, baseline, reviewLabel, keysHint, onSave, announce }) {
  const filesBox = h('div', { class: 'files' });
  const diffBox = h('div', { class: 'review-diff' });
  const review = h('details', { class: 'panel review' }, h('summary', null, h('strong', null, reviewLabel)), diffBox);
  const error = h('div', { class: 'notice', role: 'alert' });
  let files = initial.map((f) => ({ ...f }));
  let counter = 1;

  const uniqueName = () => {
    let candidate;
    do candidate = `config-${++counter}.yaml`; while (files.some((f) => f.name === candidate));
    return candidate;
  };

  function draw() {
    clear(filesBox);
    files.forEach((file, index) => {
      const nameId = uniqueId('file-name');
      const typeId = uniqueId('file-type');
      const listId = uniqueId('content-types');
      const bodyId = uniqueId('file-body');
      const legend = h('legend', null, file.name || `File ${index + 1}`);
      const nameInput = h('input', { type: 'text', id: nameId, value: file.name, spellcheck: 'false', autocomplete: 'off', required: true, dataset: { field: 'name' } });
      const typeInput = h('input', { type: 'text', id: typeId, value: file.contentType, list: listId, spellcheck: 'false', autocomplete: 'off' });
      const editor = codeEditor({
        id: bodyId, value: file.body, language: languageFor(file.contentType, file.name), describedBy: keysHint,
        onInput: (text) => { file.body = text; refreshSoon(); },
        onSave,
      });
      nameInput.addEventListener('input', () => {
        file.name = nameInput.value;
        legend.textContent = file.name || `File ${index + 1}`;
        nameInput.removeAttribute('aria-invalid');
        editor.setLanguage(languageFor(file.contentType, file.name));
        refreshSoon();
      });
      typeInput.addEventListener('input', () => {
        file.contentType = typeInput.value;
        editor.setLanguage(languageFor(file.contentType, file.name));
      });
      const remove = files.length > 1 ? h('button', { type: 'button', class: 'button danger small', onclick: () => {
        files.splice(index, 1);
        draw();
        refresh();
        announce?.(`${file.name} removed`);
        filesBox.querySelector('input')?.focus();
      } }, `Remove ${file.name || 'file'}`) : null;
      filesBox.append(h('fieldset', { class: 'file-editor', dataset: { file: String(index) } },
        legend,
        h('div', { class: 'file-meta' },
          h('div', { class: 'field' }, h('label', { for: nameId }, 'File name'), nameInput),
          h('div', { class: 'field' }, h('label', { for: typeId }, 'Content type'), typeInput,
            h('datalist', { id: listId }, CONTENT_TYPES.map((t) => h('option', { value: t })))),
          h('div', null, remove)),
        h('div', { class: 'field' }, h('label', { for: bodyId }, `Contents of ${file.name || 'the file'}`), editor.root)));
    });
  }

  function refresh() {
    if (!review.open) return;
    const current = Object.fromEntries(files.map((f) => [f.name, f]));
    const names = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
    append(clear(diffBox), names.map((fileName) => h('div', null,
      h('h3', { class: 'mono' }, fileName,
        !baseline[fileName] ? h('span', { class: 'muted' }, ' (new file)') : !current[fileName] ? h('span', { class: 'muted' }, ' (removed)') : null),
      diffView(baseline[fileName]?.body ?? '', current[fileName]?.body ?? '', `Changes in ${fileName}`))));
  }
  const refreshSoon = debounce(refresh, 250);
  review.addEventListener('toggle', refresh);

  const addButton = h('button', { type: 'button', class: 'button', onclick: () => {
    files.push({ name: uniqueName(), contentType: 'text/yaml', body: '' });
    draw();
    filesBox.querySelector('fieldset:last-of-type input')?.focus();
  } }, 'Add file');

  draw();
  return {
    root: h('div', null, filesBox, h('p', null, addButton)),
    review,
    error,
    get files() { return files; },
    reset() {
      files = initial.map((f) => ({ ...f }));
      draw();
      refresh();
    },
    /** The {name: {body, contentType}} to send, or null after showing why not. */
    validate() {
      error.className = 'notice';
      clear(error);
      const names = files.map((f) => f.name.trim());
      const inputs = [...filesBox.querySelectorAll('input[data-field="name"]')];
      const problem = (index, text) => {
        inputs[index]?.setAttribute('aria-invalid', 'true');
        error.className = 'notice error';
        error.append(h('p', null, text));
        inputs[index]?.focus();
        return null;
      };
      const blank = names.findIndex((n) => !n);
      if (blank >= 0) return problem(blank, 'Every file needs a name.');
      const duplicate = names.findIndex((n, i) => names.indexOf(n) !== i);
      if (duplicate >= 0) return problem(duplicate, `Two files are named ${names[duplicate]}.`);
      return Object.fromEntries(files.map((f) => [f.name.trim(), { body: f.body, contentType: f.contentType.trim() || 'text/yaml' }]));
    },
  };
}
