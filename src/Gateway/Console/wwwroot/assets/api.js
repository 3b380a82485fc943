// The management API, same origin. Errors come back as application/problem+json; ApiError carries them.
// Every call carries the signed-in credential (session.js), which asks for one when the API answers 401.
import { authorizedFetch } from './session.js';

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problemText(problem) || fallback || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? null;
  }

  /** Field → messages of a validation problem (400), e.g. {selector: ["…"]}. */
  get errors() {
    return this.problem?.errors ?? {};
  }

  /** The endpoint is not on this server (yet): routes the API does not map answer 404/405 without a problem body. */
  get notAvailable() {
    return (this.status === 404 || this.status === 405) && !this.problem?.title;
  }
}

function problemText(problem) {
  if (!problem) return '';
  const parts = [problem.title, problem.detail].filter(Boolean);
  for (const messages of Object.values(problem.errors ?? {})) parts.push(...messages);
  return parts.join(': ').replace(/\.:/g, '.');
}

export async function request(method, path, { body, signal } = {}) {
  let response;
  try {
    response = await authorizedFetch(path, {
      method,
      signal,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null, 'The server cannot be reached. Is the gateway running?');
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, type.includes('problem+json') ? data : null, `${method} ${path}: HTTP ${response.status}`);
  }
  return { status: response.status, data };
}

export const get = async (path, options) => (await request('GET', path, options)).data;

const query = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const agentPath = (uid) => `/api/agents/${encodeURIComponent(uid)}`;

export const api = {
  agents: (params, signal) => get(`/api/agents${query(params)}`, { signal }),
  overview: (signal) => get('/api/agents/overview', { signal }),
  agent: (uid, signal) => get(agentPath(uid), { signal }),
  forget: (uid, signal) => request('DELETE', agentPath(uid), { signal }),
  setConfig: (uid, files, signal) => request('PUT', `${agentPath(uid)}/config`, { body: { files }, signal }),
  restart: (uid, signal) => request('POST', `${agentPath(uid)}/restart`, { body: {}, signal }),
  rotateCertificate: (uid, signal) => request('POST', `${agentPath(uid)}/certificate/rotate`, { signal }),
  profiles: (signal) => get('/api/profiles', { signal }),
  profile: (name, signal) => get(`/api/profiles/${encodeURIComponent(name)}`, { signal }),
  deleteProfile: (name, signal) => request('DELETE', `/api/profiles/${encodeURIComponent(name)}`, { signal }),
  defineProfile: (name, definition, signal) => request('PUT', `/api/profiles/${encodeURIComponent(name)}`, { body: definition, signal }),
  publishVersion: (name, files, signal) => request('POST', `/api/profiles/${encodeURIComponent(name)}/versions`, { body: { files }, signal }),
  profileVersion: (name, version, signal) => get(`/api/profiles/${encodeURIComponent(name)}/versions/${version}`, { signal }),
  controlRollout: (name, action, signal) => request('POST', `/api/profiles/${encodeURIComponent(name)}/rollout/${action}`, { signal }),
  packages: (signal) => get('/api/packages', { signal }),
  registerPackage: (name, body, signal) => request('PUT', `/api/packages/${encodeURIComponent(name)}`, { body, signal }),
  removePackage: (name, signal) => request('DELETE', `/api/packages/${encodeURIComponent(name)}`, { signal }),
  uploadPackageFile: async (name, version, file, signal) => {
    const response = await authorizedFetch(`/api/packages/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/file`, {
      method: 'PUT', body: file, signal, headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data, `upload: HTTP ${response.status}`);
    return data;
  },
  certificateAuthority: async (signal) => {
    const response = await authorizedFetch('/api/certificates/ca', { signal });
    if (!response.ok) throw new ApiError(response.status, null, `HTTP ${response.status}`);
    return response.text();
  },
};
