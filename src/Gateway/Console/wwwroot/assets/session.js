// Who is signed in. When the management API asks for a credential (401), the console asks the operator
// for an API key or an OIDC access token, keeps it for this tab only (sessionStorage), sends it as
// "Authorization: Bearer …" on every call, and learns the name and role from GET /api/me so pages
// show only what the role may do. With authentication off the server says so and nothing is asked.
import { h, clear, uniqueId } from './dom.js';

const STORAGE_KEY = 'fleet.credential';
const RANK = { viewer: 1, operator: 2, admin: 3 };

let identity = { name: null, role: 'admin', authentication: 'off' };
let signingIn = null;

const stored = () => { try { return sessionStorage.getItem(STORAGE_KEY); } catch { return null; } };
const store = (value) => { try { if (value) sessionStorage.setItem(STORAGE_KEY, value); else sessionStorage.removeItem(STORAGE_KEY); } catch { /* private mode */ } };

/** Headers with the credential, when there is one. */
export function withCredential(headers = {}) {
  const credential = stored();
  return credential ? { ...headers, Authorization: `Bearer ${credential}` } : headers;
}

/** fetch with the credential; on 401 the operator signs in (one dialog for all waiting calls) and the call is made again. */
export async function authorizedFetch(path, init = {}) {
  for (;;) {
    const response = await fetch(path, { ...init, headers: withCredential(init.headers) });
    if (response.status !== 401) return response;
    await signIn(stored() ? 'The key or token of this session is no longer accepted. Sign in again.' : null);
    init.signal?.throwIfAborted();
  }
}

export const currentIdentity = () => identity;

/** Whether the signed-in role includes the given one (viewer ⊂ operator ⊂ admin). */
export const can = (role) => (RANK[identity.role] ?? 0) >= RANK[role];

/** Learns who is signed in (asking to sign in when the API wants it) before the first page renders. */
export async function loadIdentity() {
  for (;;) {
    let response;
    try {
      response = await authorizedFetch('/api/me', { headers: { Accept: 'application/json' } });
    } catch {
      return identity; // unreachable: the page says so
    }
    if (response.ok) {
      identity = await response.json();
      break;
    }
    if (response.status !== 403) break; // an older server without /api/me: no sign-in there
    store(null);
    await signIn('You are signed in, but this identity has no Fleet role (viewer, operator or admin). Use another key or token.');
  }
  renderIdentity();
  return identity;
}

export function signOut() {
  store(null);
  location.reload();
}

export function signIn(message) {
  signingIn ??= showSignIn(message).finally(() => { signingIn = null; });
  return signingIn;
}

function showSignIn(message) {
  return new Promise((resolve) => {
    const titleId = uniqueId('sign-in-title');
    const inputId = uniqueId('credential');
    const hintId = uniqueId('credential-hint');
    const input = h('input', { type: 'password', id: inputId, name: 'credential', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': hintId });
    const error = h('div', { class: 'notice', role: 'alert', id: 'sign-in-error' });
    const showError = (text) => { error.className = 'notice error'; clear(error).append(h('p', null, text)); };
    if (message) showError(message);
    const button = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { id: titleId }, 'Sign in to Fleet'),
      h('p', null, 'The management API needs a credential. It is kept in this browser tab only, until you sign out or close it.'),
      h('div', { class: 'field' },
        h('label', { for: inputId }, 'API key or bearer token'),
        input,
        h('span', { class: 'hint', id: hintId }, 'An API key from the Fleet configuration, or an access token from your identity provider.')),
      error,
      h('div', { class: 'actions' }, button));
    const dialog = h('dialog', { id: 'sign-in', 'aria-labelledby': titleId }, form);
    // Nothing works without a credential: Escape does not close it.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const credential = input.value.trim();
      if (!credential) {
        input.setAttribute('aria-invalid', 'true');
        showError('Enter an API key or a token.');
        input.focus();
        return;
      }
      button.disabled = true;
      try {
        const response = await fetch('/api/me', { headers: { Accept: 'application/json', Authorization: `Bearer ${credential}` } });
        if (response.status === 401) {
          showError('That key or token was not accepted.');
        } else if (response.status === 403) {
          showError('That identity has no Fleet role (viewer, operator or admin).');
        } else if (!response.ok) {
          showError(`The server answered HTTP ${response.status}.`);
        } else {
          store(credential);
          identity = await response.json();
          renderIdentity();
          dialog.close();
          dialog.remove();
          resolve(identity);
          return;
        }
      } catch {
        showError('The server cannot be reached.');
      } finally {
        button.disabled = false;
      }
      input.setAttribute('aria-invalid', 'true');
      input.select();
      input.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

/** The top bar: who is signed in, with which role, and a way out. */
function renderIdentity() {
  const box = document.getElementById('whoami');
  if (!box) return;
  document.body.dataset.role = identity.role;
  if (identity.authentication === 'off') {
    box.hidden = true;
    return;
  }
  const out = h('button', { type: 'button', class: 'button small quiet', id: 'sign-out' }, 'Sign out');
  out.addEventListener('click', signOut);
  clear(box).append(
    h('span', { class: 'who', id: 'whoami-name' }, identity.name ?? 'signed in'),
    h('span', { class: 'role-badge', id: 'whoami-role', title: `Role: ${identity.role}` }, identity.role),
    out);
  box.hidden = false;
}
