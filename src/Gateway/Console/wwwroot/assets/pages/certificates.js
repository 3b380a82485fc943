// Certificates: the server's CA (agents and proxies trust it) and how client certificates rotate.
import { h, append, clear, copyText } from '../dom.js';
import { api } from '../api.js';
import { withCredential } from '../session.js';

export async function render(ctx) {
  ctx.setTitle('Certificates');
  const caBox = h('div', { id: 'ca' }, h('p', { class: 'loading' }, 'Loading the CA certificate…'));
  append(ctx.main, [
    h('div', { class: 'page-head' }, h('div', { class: 'titles' },
      h('h1', { tabindex: '-1' }, 'Certificates'),
      h('p', { class: 'subtitle' }, 'The server runs a certificate authority. It signs the certificate requests agents send, and issues new client certificates when you rotate them.'))),
    h('section', { class: 'panel', 'aria-labelledby': 'ca-heading' }, h('h2', { id: 'ca-heading' }, 'Certificate authority'), caBox),
    h('section', { class: 'panel', 'aria-labelledby': 'rotate-heading' },
      h('h2', { id: 'rotate-heading' }, 'Rotating a client certificate'),
      h('ol', null,
        h('li', null, 'Open the agent from the ', h('a', { href: '/agents' }, 'agent list'), '.'),
        h('li', null, 'In “Connection settings and certificate”, choose ', h('strong', null, 'Rotate certificate'), '. The agent needs the AcceptsOpAMPConnectionSettings capability.'),
        h('li', null, 'The new certificate (subject, serial, validity) shows there once issued; the agent reports whether it applied the new settings.')))]);

  try {
    const pem = await api.certificateAuthority(ctx.signal);
    const status = h('span', { class: 'visually-hidden', role: 'status' });
    const copy = h('button', { type: 'button', class: 'button small', onclick: async () => {
      status.textContent = await copyText(pem) ? 'CA certificate copied' : 'Copy failed: select the text instead';
    } }, 'Copy');
    const download = h('a', { class: 'button small', href: '/api/certificates/ca', download: 'fleet-ca.pem' }, 'Download fleet-ca.pem');
    // A plain link cannot carry the sign-in header: when signed in, save the certificate already loaded.
    download.addEventListener('click', (event) => {
      if (!withCredential().Authorization) return;
      event.preventDefault();
      const url = URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' }));
      const save = h('a', { href: url, download: 'fleet-ca.pem', hidden: true });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    clear(caBox).append(
      h('p', null, download, ' ', copy, status),
      h('pre', { class: 'cert-pem', tabindex: '0', 'aria-label': 'CA certificate (PEM)' }, pem));
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    clear(caBox).append(h('div', { class: error.notAvailable ? 'notice info' : 'notice error', dataset: error.notAvailable ? { placeholder: 'coming' } : null },
      h('p', null, error.notAvailable ? 'Coming soon: this server does not provide its CA certificate yet.' : `Could not load the CA certificate: ${error.message}`)));
  }
}
