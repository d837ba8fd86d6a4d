// The Node baseline: statusinfo.v1.StatusInfoService on @grpc/grpc-js with
// handlers that do nothing. Every call is answered with a fixed response,
// read at start-up from bench_fixtures' responses/ (the bytes statusinfo
// itself sends for the benchmark requests). Serves a minimal health Check.
//
//   NODE_PATH=tools/node_modules node bench/node/bare_server.js \
//       --address=127.0.0.1:50063 --fixtures=build/bench/fixtures --proto_root=proto
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function flag(name, fallback) {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : fallback;
}

const address = flag('address', '127.0.0.1:50063');
const fixtures = flag('fixtures', '');
const protoRoot = flag('proto_root', path.join(__dirname, '..', '..', 'proto'));
const healthRoot = flag('health_proto_root', '/usr/share/grpc-proto');

const options = { keepCase: false, longs: Number, enums: Number, defaults: false, includeDirs: [protoRoot, healthRoot] };
const definition = protoLoader.loadSync(
  ['statusinfo/v1/status_info_service.proto', 'grpc/health/v1/health.proto'], options);
const loaded = grpc.loadPackageDefinition(definition);
const service = loaded.statusinfo.v1.StatusInfoService.service;

const handlers = {};
for (const [name, method] of Object.entries(service)) {
  const file = path.join(fixtures, 'responses', `${name}.bin`);
  // Decoded once: each call serializes the same object, as a naive handler
  // returning a constant would.
  const fixed = method.responseDeserialize(fs.readFileSync(file));
  if (method.requestStream) {
    handlers[name] = (call) => {
      call.on('data', () => call.write(fixed));
      call.on('end', () => call.end());
    };
  } else {
    handlers[name] = (call, callback) => callback(null, fixed);
  }
}

const server = new grpc.Server();
server.addService(service, handlers);
server.addService(loaded.grpc.health.v1.Health.service, {
  Check: (call, callback) => callback(null, { status: 'SERVING' }),
  Watch: (call) => call.write({ status: 'SERVING' }),
});
server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`bench node server: ${err.message}`);
    process.exit(1);
  }
  console.log(`bench node server: serving on port ${port}`);
});
