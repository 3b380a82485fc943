#!/usr/bin/env node
// Simulates N OpAMP agents over plain HTTP using the third-party
// @elastic/opamp-client-node library, for Fleet's interop tests.
//
// Usage:
//   node agents.mjs --url http://127.0.0.1:PORT/v1/opamp --count N
//                   [--heartbeat-seconds S] [--bearer TOKEN] [--no-stdin] [--verbose]
//
// Prints one JSON object per line on stdout (see README.md). Diagnostics go
// to stderr. Runs until SIGTERM/SIGINT or until stdin reaches EOF (unless
// --no-stdin), then shuts every client down and exits 0.

import {randomBytes} from 'node:crypto';
import {subscribe, unsubscribe} from 'node:diagnostics_channel';
import {hostname} from 'node:os';
import {parseArgs} from 'node:util';

import {
    createOpAMPClient,
    AgentCapabilities,
    RemoteConfigStatuses,
    DIAG_CH_SEND_SUCCESS,
    DIAG_CH_SEND_FAIL,
} from '@elastic/opamp-client-node';

const USAGE =
    'usage: node agents.mjs --url http://127.0.0.1:PORT/v1/opamp --count N ' +
    '[--heartbeat-seconds S] [--bearer TOKEN] [--no-stdin] [--verbose]';

// ---- arguments -------------------------------------------------------------

function die(msg) {
    process.stderr.write(`agents.mjs: ${msg}\n${USAGE}\n`);
    process.exit(2);
}

let args;
try {
    args = parseArgs({
        options: {
            url: {type: 'string'},
            count: {type: 'string'},
            'heartbeat-seconds': {type: 'string', default: '1'},
            bearer: {type: 'string'},
            'no-stdin': {type: 'boolean', default: false},
            verbose: {type: 'boolean', default: false},
            help: {type: 'boolean', short: 'h', default: false},
        },
        strict: true,
        allowPositionals: false,
    }).values;
} catch (err) {
    die(err.message);
}
if (args.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
}
if (!args.url) die('--url is required');
let url;
try {
    url = new URL(args.url);
} catch {
    die(`invalid --url: ${args.url}`);
}
if (url.protocol !== 'http:') die('--url must be a plain http:// URL');
if (!/^\d+$/.test(args.count ?? '')) die('--count must be a positive integer');
const count = Number(args.count);
if (count < 1) die('--count must be a positive integer');
const heartbeatSeconds = Number(args['heartbeat-seconds']);
// The library ignores (falls back to 30 s) values below 0.1 s.
if (!Number.isFinite(heartbeatSeconds) || heartbeatSeconds < 0.1) {
    die('--heartbeat-seconds must be a number >= 0.1');
}
const verbose = args.verbose;

// ---- output ----------------------------------------------------------------

function jsonReplacer(_key, val) {
    if (typeof val === 'bigint') return val.toString();
    if (val instanceof Uint8Array) return hex(val);
    if (val instanceof Error) return val.message;
    return val;
}

function emit(obj) {
    process.stdout.write(JSON.stringify(obj, jsonReplacer) + '\n');
}

function hex(bytes) {
    return Buffer.from(bytes ?? []).toString('hex');
}

// Minimal pino-style logger for the library: log(obj?, msg?). Errors and
// warnings go to stderr; info/debug only with --verbose; trace never.
function makeLogger(index) {
    const write = (level) => (objOrMsg, msg) => {
        let rec;
        if (typeof objOrMsg === 'string') {
            rec = {msg: objOrMsg};
        } else if (objOrMsg instanceof Error) {
            rec = {err: objOrMsg.message, msg};
        } else {
            rec = {...objOrMsg, msg};
            if (rec.err instanceof Error) rec.err = rec.err.message;
        }
        process.stderr.write(
            JSON.stringify({level, agent: index, ...rec}, jsonReplacer) + '\n'
        );
    };
    const noop = () => {};
    return {
        trace: noop,
        debug: verbose ? write('debug') : noop,
        info: verbose ? write('info') : noop,
        warn: write('warn'),
        error: write('error'),
        fatal: write('fatal'),
    };
}

// Random, time-ordered UUIDv7 as 16 raw bytes (RFC 9562).
function uuidv7Bytes() {
    const b = new Uint8Array(randomBytes(16));
    const ms = BigInt(Date.now());
    for (let i = 0; i < 6; i++) {
        b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
    }
    b[6] = (b[6] & 0x0f) | 0x70; // version 7
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122/9562 variant
    return b;
}

// ---- agents ----------------------------------------------------------------

const CAPABILITIES =
    BigInt(AgentCapabilities.AgentCapabilities_ReportsStatus) |
    BigInt(AgentCapabilities.AgentCapabilities_AcceptsRemoteConfig) |
    BigInt(AgentCapabilities.AgentCapabilities_ReportsRemoteConfig) |
    BigInt(AgentCapabilities.AgentCapabilities_ReportsHeartbeat);
// Note: AgentCapabilities_ReportsEffectiveConfig is NOT supported by
// @elastic/opamp-client-node 0.5.0 (createOpAMPClient throws if it is set),
// and the library has no API to send AgentToServer.effective_config. The
// "effective config" is therefore only tracked locally (agent.effectiveConfig).

const APPLIED = RemoteConfigStatuses.RemoteConfigStatuses_APPLIED;
const FULL_STATE_FLAG = 1n; // ServerToAgentFlags_ReportFullState

/** @type {Array<object>} */
const agents = [];
/** Current instance uid (hex) -> agent. */
const agentsByUid = new Map();

function onRemoteConfig(agent, remoteConfig) {
    const hashHex = hex(remoteConfig.configHash);
    // The server may repeat the same remote config; process each hash once
    // (as the library's README recommends).
    if (hashHex === agent.lastReceivedHash) return;
    agent.lastReceivedHash = hashHex;

    const configMap = remoteConfig.config?.configMap ?? {};
    const files = Object.keys(configMap);
    const sizes = {};
    const contentTypes = {};
    for (const name of files) {
        sizes[name] = configMap[name]?.body?.length ?? 0;
        contentTypes[name] = configMap[name]?.contentType ?? '';
    }
    emit({
        event: 'remoteConfig',
        index: agent.index,
        instanceUid: agent.uidHex,
        hash: hashHex,
        files,
        sizes,
        contentTypes,
    });

    // "Apply" it: the effective config becomes the received config map.
    agent.effectiveConfig = configMap;

    // Report APPLIED; the library queues a RemoteConfigStatus and sends it
    // ~30 ms later. The "applied" event is emitted once that message has been
    // delivered successfully (see the send-success subscriber below).
    agent.pendingAppliedHash = hashHex;
    agent.client.setRemoteConfigStatus({
        status: APPLIED,
        lastRemoteConfigHash: remoteConfig.configHash,
        errorMessage: '',
    });
}

function createAgent(index) {
    const instanceUid = uuidv7Bytes();
    const agent = {
        index,
        uidHex: hex(instanceUid),
        client: null,
        connected: false,
        lastReceivedHash: null,
        pendingAppliedHash: null,
        effectiveConfig: null,
        lastHeartbeatOffer: null,
    };
    agent.client = createOpAMPClient({
        endpoint: url.href,
        instanceUid,
        capabilities: CAPABILITIES,
        heartbeatIntervalSeconds: heartbeatSeconds,
        headers: args.bearer ? {authorization: `Bearer ${args.bearer}`} : {},
        diagEnabled: true,
        log: makeLogger(index),
        onMessage: ({remoteConfig}) => {
            if (!remoteConfig) return;
            try {
                onRemoteConfig(agent, remoteConfig);
            } catch (err) {
                emit({
                    event: 'error',
                    index: agent.index,
                    instanceUid: agent.uidHex,
                    error: String(err?.stack ?? err),
                });
            }
        },
    });
    agent.client.setAgentDescription({
        identifyingAttributes: {'service.name': `interop-agent-${index}`},
        nonIdentifyingAttributes: {'host.name': hostname()},
    });
    agentsByUid.set(agent.uidHex, agent);
    agents.push(agent);
    return agent;
}

// The library publishes {instanceUidStr, a2s, s2a} on a process-wide
// diagnostics channel after each successful exchange; the AgentToServer's
// instance uid identifies which agent it was.
function onSendSuccess(msg) {
    const {a2s, s2a} = msg;
    const agent = agentsByUid.get(hex(a2s.instanceUid));
    if (!agent) return;

    if (!agent.connected) {
        agent.connected = true;
        emit({
            event: 'connected',
            index: agent.index,
            instanceUid: agent.uidHex,
            serverCapabilities: s2a.capabilities,
        });
    }
    if (verbose) {
        emit({
            event: 'exchange',
            index: agent.index,
            instanceUid: agent.uidHex,
            sequenceNum: a2s.sequenceNum,
            sentDescription: Boolean(a2s.agentDescription),
            sentRemoteConfigStatus: a2s.remoteConfigStatus
                ? {
                      status: a2s.remoteConfigStatus.status,
                      hash: hex(a2s.remoteConfigStatus.lastRemoteConfigHash),
                  }
                : null,
            flags: s2a.flags,
            gotRemoteConfig: Boolean(s2a.remoteConfig),
        });
    }

    // Remote config status APPLIED has reached the server.
    const rcs = a2s.remoteConfigStatus;
    if (
        agent.pendingAppliedHash !== null &&
        rcs &&
        rcs.status === APPLIED &&
        hex(rcs.lastRemoteConfigHash) === agent.pendingAppliedHash
    ) {
        emit({
            event: 'applied',
            index: agent.index,
            instanceUid: agent.uidHex,
            hash: agent.pendingAppliedHash,
        });
        agent.pendingAppliedHash = null;
    }

    // The library only honours a ServerToAgent whose instance_uid matches.
    const matches = hex(s2a.instanceUid) === hex(a2s.instanceUid);
    if (!matches) {
        emit({
            event: 'uidMismatch',
            index: agent.index,
            instanceUid: agent.uidHex,
            serverInstanceUid: hex(s2a.instanceUid),
        });
        return;
    }
    if (s2a.flags & FULL_STATE_FLAG) {
        emit({
            event: 'fullStateRequested',
            index: agent.index,
            instanceUid: agent.uidHex,
        });
    }
    // The library ignores ConnectionSettingsOffers; report what was offered.
    const hb = s2a.connectionSettings?.opamp?.heartbeatIntervalSeconds;
    if (hb !== undefined && hb !== agent.lastHeartbeatOffer) {
        agent.lastHeartbeatOffer = hb;
        emit({
            event: 'connectionSettingsOffer',
            index: agent.index,
            instanceUid: agent.uidHex,
            heartbeatIntervalSeconds: hb,
        });
    }
    // The library adopts AgentIdentification.new_instance_uid itself.
    const nowUid = hex(agent.client.getInstanceUid());
    if (nowUid !== agent.uidHex) {
        const oldUid = agent.uidHex;
        agentsByUid.delete(oldUid);
        agent.uidHex = nowUid;
        agentsByUid.set(nowUid, agent);
        emit({
            event: 'newInstanceUid',
            index: agent.index,
            instanceUid: nowUid,
            oldInstanceUid: oldUid,
        });
    }
}

function onSendFail(msg) {
    const agent = agentsByUid.get(hex(msg.a2s?.instanceUid));
    if (!agent) return;
    emit({
        event: 'sendFail',
        index: agent.index,
        instanceUid: agent.uidHex,
        error: String(msg.err?.message ?? msg.err),
        retryAfterMs: msg.retryAfterMs ?? null,
    });
}

subscribe(DIAG_CH_SEND_SUCCESS, onSendSuccess);
subscribe(DIAG_CH_SEND_FAIL, onSendFail);

// ---- lifecycle -------------------------------------------------------------

// The library unref()s its timers, so keep the event loop alive ourselves.
const keepAlive = setInterval(() => {}, 1 << 30);

let stopping = false;
async function stop(reason) {
    if (stopping) return;
    stopping = true;
    const t0 = Date.now();
    emit({event: 'stopping', reason});
    // shutdown() cancels the next scheduled send and closes the HTTP client
    // (waiting for an in-flight request). It sends no AgentDisconnect.
    const shutdowns = Promise.allSettled(agents.map((a) => a.client.shutdown()));
    const timeout = new Promise((resolve) => {
        setTimeout(resolve, 5000).unref();
    });
    await Promise.race([shutdowns, timeout]);
    unsubscribe(DIAG_CH_SEND_SUCCESS, onSendSuccess);
    unsubscribe(DIAG_CH_SEND_FAIL, onSendFail);
    clearInterval(keepAlive);
    emit({event: 'stopped', count: agents.length, elapsedMs: Date.now() - t0});
    process.exit(0);
}

// The library's send loop does not catch everything: an undecodable response
// body, or a ServerToAgent.instance_uid / new_instance_uid that is not a
// valid RFC 9562 UUID (including an empty one), throws inside its async send
// and would leave that client silently wedged. Report it and exit 1.
function fatal(kind, err) {
    emit({event: 'fatal', kind, error: String(err?.stack ?? err)});
    process.exit(1);
}
process.on('unhandledRejection', (err) => fatal('unhandledRejection', err));
process.on('uncaughtException', (err) => fatal('uncaughtException', err));

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
if (!args['no-stdin']) {
    process.stdin.on('end', () => stop('stdin-closed'));
    process.stdin.on('close', () => stop('stdin-closed'));
    process.stdin.on('error', () => stop('stdin-closed'));
    process.stdin.on('data', () => {}); // contents are ignored
    process.stdin.resume();
}

for (let i = 0; i < count; i++) {
    const agent = createAgent(i);
    agent.client.start();
    emit({event: 'started', index: i, instanceUid: agent.uidHex});
}
