#!/usr/bin/env node
// Offline validation of rendered Kubernetes manifests (the output of `kubectl kustomize`), no cluster:
//
//   node validate.mjs [--label NAME] [--json-out FILE] FILE|- ...
//
// Every YAML document must be a built-in Kubernetes object and pass two checks:
//   1. schema: the JSON schema of its apiVersion/kind, compiled from the Kubernetes OpenAPI spec
//      (npm kubernetes-models): required fields, types, enums, int-or-string, formats;
//   2. strict: no field the API does not define, walked over the API's generated model
//      (npm @kubernetes/client-node, OpenAPI release-1.36) — a misspelt `readinesProbe` passes a
//      plain schema check and is then dropped or refused by the API server.
// --json-out writes the parsed documents as one JSON array (for tests that inspect them).
// Exit status: 0 all valid, 1 some invalid, 2 usage or unreadable input.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);

function usage(message) {
  console.error(`validate.mjs: ${message}`);
  console.error("usage: node validate.mjs [--label NAME] [--json-out FILE] FILE|- ...");
  process.exit(2);
}

const inputs = [];
let label = "";
let jsonOut = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === "--label") label = argv[++i] ?? usage("--label needs a value");
  else if (arg === "--json-out") jsonOut = argv[++i] ?? usage("--json-out needs a value");
  else if (arg.startsWith("--")) usage(`unknown option ${arg}`);
  else inputs.push(arg);
}
if (inputs.length === 0) usage("no input");

// --- input -------------------------------------------------------------------------------------
const objects = [];
const problems = [];
for (const input of inputs) {
  let text;
  try {
    text = readFileSync(input === "-" ? 0 : input, "utf8");
  } catch (e) {
    usage(`cannot read ${input}: ${e.message}`);
  }
  // YAML 1.1, as kubectl reads manifests: an unquoted `yes` or `on` is a boolean there, not a string.
  parseAllDocuments(text, { version: "1.1", uniqueKeys: true }).forEach((doc, index) => {
    const where = `${input === "-" ? "stdin" : input}#${index + 1}`;
    if (doc.errors.length > 0) {
      problems.push(`${where}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      return;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push({ where, value });
  });
}
if (objects.length === 0 && problems.length === 0) usage("no Kubernetes objects in the input");

// --- check 1: JSON schema (kubernetes-models) -------------------------------------------------
const modelsRoot = dirname(require.resolve("kubernetes-models/package.json"));

async function schemaModel(apiVersion, kind) {
  // kubernetes-models lays out one module per kind: v1/Service.js, apps/v1/Deployment.js, …
  const file = join(modelsRoot, ...apiVersion.split("/"), `${kind}.js`);
  try {
    const module = await import(file);
    return module[kind] ?? null;
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND") return null;
    throw e;
  }
}

// --- check 2: unknown fields (@kubernetes/client-node's generated model) ----------------------
const clientRoot = dirname(require.resolve("@kubernetes/client-node/package.json"));
const generated = await import(join(clientRoot, "dist", "gen", "models", "ObjectSerializer.js"));

function strictModelName(apiVersion, kind) {
  // apps/v1 Deployment → V1Deployment; autoscaling/v2 HorizontalPodAutoscaler → V2HorizontalPodAutoscaler
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

const leafTypes = new Set(["string", "number", "boolean", "any", "Date", "IntOrString", "object"]);

function unknownFields(value, type, path, out) {
  if (value === null || value === undefined || leafTypes.has(type)) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, array[1], `${path}/${i}`, out));
    return; // a wrong shape is the schema check's to report
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${path}/${key}`, out);
    }
    return;
  }
  const model = generated[type];
  if (!model || typeof model.getAttributeTypeMap !== "function") {
    out.push(`${path || "/"}: no model for type ${type} (validator out of date?)`);
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) return;
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    const attributeType = attributes.get(key);
    if (attributeType === undefined) out.push(`${path}/${key}: unknown field "${key}"`);
    else unknownFields(item, attributeType, `${path}/${key}`, out);
  }
}

// kustomize folds long base64 values (Secret data, ConfigMap binaryData) over several lines; the API
// server's base64 decoder (Go's) skips line breaks, the schema's "byte" format does not.
function unfoldBase64(value) {
  const field = value?.kind === "Secret" ? "data" : value?.kind === "ConfigMap" ? "binaryData" : null;
  if (!field || typeof value[field] !== "object" || value[field] === null) return value;
  const unfolded = Object.fromEntries(
    Object.entries(value[field]).map(([k, v]) => [k, typeof v === "string" ? v.replace(/[\r\n]/g, "") : v]));
  return { ...value, [field]: unfolded };
}

// --- run -----------------------------------------------------------------------------------------
let valid = 0;
let invalid = 0;
for (const { where, value } of objects) {
  const errors = [];
  const { apiVersion, kind } = value;
  const name = value.metadata?.name ?? "(no name)";
  const id = `${kind ?? "?"}/${name} (${where})`;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    errors.push("apiVersion and kind are required");
  } else {
    const Model = await schemaModel(apiVersion, kind);
    if (!Model) {
      errors.push(`no schema for ${apiVersion} ${kind} (not a built-in kind of this Kubernetes version)`);
    } else {
      try {
        new Model(unfoldBase64(value)).validate();
      } catch (e) {
        if (Array.isArray(e.errors)) errors.push(...e.errors.map((err) => `${err.instancePath || "/"}: ${err.message}`));
        else errors.push(`schema: ${e.message}`);
      }
      const strictType = strictModelName(apiVersion, kind);
      if (!generated[strictType]) errors.push(`no strict model ${strictType} for ${apiVersion} ${kind}`);
      else unknownFields(value, strictType, "", errors);
    }
    if (!value.metadata?.name) errors.push("metadata.name is required");
  }
  if (errors.length === 0) {
    valid++;
  } else {
    invalid++;
    for (const error of errors) problems.push(`${id}: ${error}`);
  }
}

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(objects.map((o) => o.value), null, 1));
for (const problem of problems) console.log(`INVALID ${problem}`);
// Worded so that CI does not take it for a test runner's closing line.
console.log(`${label ? label + ": " : ""}${objects.length} objects checked, ${valid} valid, ${invalid} invalid`);
process.exit(problems.length === 0 ? 0 : 1);
