#!/usr/bin/env node
// Validates every object of every kustomize overlay (or of the overlay
// directories given) against the Kubernetes API schemas, offline:
//  1. schema: kubernetes-models' validators, generated from the Kubernetes
//     OpenAPI spec (types, required fields, enums, formats such as int32);
//     @kubernetes-models/prometheus-operator for monitoring.coreos.com
//     (ServiceMonitor). An object whose apiVersion/kind has no schema fails.
//  2. strict: no field the API does not define (as kubectl apply's
//     server-side strict field validation would refuse), from
//     @kubernetes/client-node's generated model field tables (built-in
//     kinds; custom resources get check 1 only).
// Usage: node validate.mjs [--out DIR] [OVERLAY_DIR...]
//   --out DIR  also write each overlay's rendered YAML to DIR/<name>.yaml
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, overlayDirs, render } from './render.mjs';

const CRD_MODELS = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

async function schemaClass(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const pkg = CRD_MODELS[group] ?? 'kubernetes-models';
  let mod;
  try {
    mod = await import(`${pkg}/${apiVersion}`);
  } catch {
    return undefined;
  }
  return mod[kind];
}

// Errors of kubernetes-models' validator, as "path: message" strings.
async function schemaErrors(o) {
  const Model = await schemaClass(o.apiVersion, o.kind);
  if (!Model) return [`no schema for apiVersion ${o.apiVersion} kind ${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return e.errors.map((x) => `${x.instancePath || '/'}: ${x.message}${x.params ? ' ' + JSON.stringify(x.params) : ''}`);
  }
}

// client-node's model class of a built-in kind: apps/v1 Deployment ->
// V1Deployment, autoscaling/v2 HorizontalPodAutoscaler -> V2Horizontal...
function modelClassName(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

// Fields not in the API's definition of the type, as paths.
function unknownFields(value, type, where, out) {
  if (value === null || value === undefined) return out;
  let m;
  if ((m = /^Array<(.*)>$/.exec(type))) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, m[1], `${where}/${i}`, out));
    return out;
  }
  if ((m = /^\{ \[key: string\]: (.*); \}$/.exec(type))) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) unknownFields(v, m[1], `${where}/${k}`, out);
    return out;
  }
  const Model = k8s[type];
  if (!Model || typeof Model.getAttributeTypeMap !== 'function') return out; // string, number, any...
  if (typeof value !== 'object' || Array.isArray(value)) return out; // a type error: check 1's job
  const fields = new Map(Model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) out.push(`${where}/${k}: unknown field (not in ${type})`);
    else unknownFields(v, fields.get(k), `${where}/${k}`, out);
  }
  return out;
}

function strictErrors(o) {
  const name = modelClassName(o.apiVersion, o.kind);
  if (!k8s[name]) return { skipped: true, errors: [] };
  return { skipped: false, errors: unknownFields(o, name, '', []) };
}

async function main(argv) {
  let out;
  const dirs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else dirs.push(path.resolve(argv[i]));
  }
  if (dirs.length === 0) dirs.push(...overlayDirs());
  if (out) mkdirSync(out, { recursive: true });
  let failures = 0;
  let total = 0;
  for (const dir of dirs) {
    const name = path.basename(dir);
    const { yaml, objects } = render(dir);
    if (out) writeFileSync(path.join(out, `${name}.yaml`), yaml);
    const kinds = [];
    for (const o of objects) {
      total++;
      const errors = await schemaErrors(o);
      const strict = strictErrors(o);
      errors.push(...strict.errors);
      kinds.push(describe(o) + (strict.skipped ? ' (schema only)' : ''));
      if (errors.length) {
        failures++;
        console.log(`FAIL ${name}: ${describe(o)}`);
        for (const e of errors) console.log(`    ${e}`);
      }
    }
    console.log(`${name}: ${objects.length} objects: ${kinds.join(', ')}`);
  }
  console.log(`${total - failures} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
