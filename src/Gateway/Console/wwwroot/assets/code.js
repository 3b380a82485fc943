// Config text: syntax highlighting (vendored highlight.js), read-only code blocks and the code editor.
import hljs from '/vendor/highlight/core.min.js';
import yaml from '/vendor/highlight/languages/yaml.min.js';
import json from '/vendor/highlight/languages/json.min.js';
import ini from '/vendor/highlight/languages/ini.min.js';
import xml from '/vendor/highlight/languages/xml.min.js';
import properties from '/vendor/highlight/languages/properties.min.js';
import { h, copyText } from './dom.js';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('xml', xml);
hljs.registerLanguage('properties', properties);

const LARGEST_HIGHLIGHTED = 512 * 1024;

/** The grammar for a config file, from its content type, else its name. Agents' configs are mostly YAML. */
export function languageFor(contentType, fileName) {
  const type = (contentType ?? '').toLowerCase();
  const name = (fileName ?? '').toLowerCase();
  if (type.includes('yaml') || /\.ya?ml$/.test(name)) return 'yaml';
  if (type.includes('json') || name.endsWith('.json')) return 'json';
  if (type.includes('toml') || /\.(toml|ini|conf|cfg)$/.test(name)) return 'ini';
  if (type.includes('xml') || name.endsWith('.xml')) return 'xml';
  if (name.endsWith('.properties')) return 'properties';
  if (!type || type === 'text/plain') return 'yaml';
  return null;
}

/** Highlighted HTML for text: highlight.js escapes everything it does not mark up. */
export function highlightHtml(text, language) {
  if (language && text.length <= LARGEST_HIGHLIGHTED) {
    return hljs.highlight(text, { language, ignoreIllegals: true }).value;
  }
  return escapeHtml(text);
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A <code class="hljs language-…"> with the text highlighted. */
export function highlightedCode(text, language) {
  const code = h('code', { class: ['hljs', language && `language-${language}`] });
  code.innerHTML = highlightHtml(text, language);
  return code;
}

/**
 * A config file shown read-only: caption with file name, content type and a copy button; the block
 * scrolls and is focusable so keyboard users can scroll it.
 */
export function codeBlock(fileName, file, { label } = {}) {
  const language = languageFor(file.contentType, fileName);
  const body = file.body ?? '';
  const status = h('span', { class: 'visually-hidden', role: 'status' });
  const copy = h('button', {
    type: 'button', class: 'button small',
    'aria-label': `Copy ${fileName}`,
    onclick: async () => {
      const done = await copyText(body);
      copy.textContent = done ? 'Copied' : 'Copy failed';
      status.textContent = done ? `${fileName} copied` : 'Copy failed: select the text instead';
      setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
    },
  }, 'Copy');
  const lines = body === '' ? 0 : body.split('\n').length;
  return h('figure', { class: 'code', dataset: { file: fileName } },
    h('figcaption', null,
      h('span', { class: 'file' }, fileName),
      h('span', { class: 'muted' }, file.contentType || 'no content type'),
      h('span', { class: 'muted' }, `${lines} line${lines === 1 ? '' : 's'}`),
      copy, status),
    h('pre', { tabindex: '0', 'aria-label': label ?? `${fileName} contents` },
      body === '' ? h('code', { class: 'hljs' }, '(empty file)') : highlightedCode(body, language)));
}

/**
 * A code editor: a real <textarea> (labelled, spell-check off) over a highlighted copy of its text.
 * Tab indents two spaces and Shift+Tab dedents; Escape then Tab moves focus on, as the hint says.
 */
export function codeEditor({ id, value, language, describedBy, onInput, onSave }) {
  const code = h('code', { class: 'hljs' });
  const pre = h('pre', { 'aria-hidden': 'true', class: 'hljs' }, code);
  const textarea = h('textarea', {
    id, spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', autocorrect: 'off',
    wrap: 'off', 'aria-describedby': describedBy, 'aria-multiline': 'true', dataset: { editor: '' },
  });
  textarea.value = value;
  let currentLanguage = language;
  let tabMovesFocus = false;

  const paint = () => {
    // A trailing newline needs a visible line in the copy too, or the caret runs past the highlight.
    code.innerHTML = highlightHtml(textarea.value, currentLanguage) + (textarea.value.endsWith('\n') ? ' ' : '');
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener('input', () => { paint(); onInput?.(textarea.value); });
  textarea.addEventListener('scroll', () => { pre.scrollTop = textarea.scrollTop; pre.scrollLeft = textarea.scrollLeft; });
  textarea.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      onSave?.();
      return;
    }
    if (event.key === 'Escape') { tabMovesFocus = true; return; }
    if (event.key !== 'Tab' || tabMovesFocus || event.ctrlKey || event.altKey || event.metaKey) {
      if (event.key !== 'Tab') tabMovesFocus = false;
      return;
    }
    event.preventDefault();
    indent(textarea, event.shiftKey);
    paint();
    onInput?.(textarea.value);
  });
  textarea.addEventListener('blur', () => { tabMovesFocus = false; });
  paint();

  const root = h('div', { class: 'code-editor' }, pre, textarea);
  return {
    root,
    textarea,
    get value() { return textarea.value; },
    set value(text) { textarea.value = text; paint(); },
    setLanguage(language) { currentLanguage = language; paint(); },
  };
}

function indent(textarea, outdent) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  if (!outdent && start === end) {
    insert(textarea, '  ', start, end);
    return;
  }
  const lineStart = value.lastIndexOf('\n', start - 1) + 1;
  const block = value.slice(lineStart, end);
  const changed = outdent ? block.replace(/^ {1,2}/gm, '') : block.replace(/^/gm, '  ');
  insert(textarea, changed, lineStart, end);
  textarea.setSelectionRange(lineStart, lineStart + changed.length);
}

// insertText keeps the browser's undo history; setRangeText is the fallback where it is missing.
function insert(textarea, text, from, to) {
  textarea.setSelectionRange(from, to);
  if (!document.execCommand('insertText', false, text)) textarea.setRangeText(text, from, to, 'end');
}
