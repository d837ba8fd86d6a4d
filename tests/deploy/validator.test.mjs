// The offline schema validator (deploy/validate/validate.mjs): every overlay
// passes, and a manifest with one mistake of each kind fails with each named.
// Needs deploy/validate's npm packages (deploy/scripts/render_and_validate.sh
// installs them and runs this).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const validate = (...args) => spawnSync(process.execPath, [path.join(repo, 'deploy/validate/validate.mjs'), ...args],
  { encoding: 'utf8' });

test('every overlay validates against the Kubernetes schemas, strictly', () => {
  const r = validate();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^\d+ passed, 0 failed$/m);
});

test('a broken manifest is rejected, each mistake named', () => {
  const r = validate(path.join(repo, 'tests/deploy/fixtures/invalid'));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /\/spec\/replicas: must be integer/);
  assert.match(r.stdout, /must have required property containerPort/);
  assert.match(r.stdout, /readOnlyRootFileSystem: unknown field/);
  assert.match(r.stdout, /\/spec\/type: must be equal to one of the allowed values/);
});
