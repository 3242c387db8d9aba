#!/usr/bin/env node
// `npm run proto`: TypeScript from libs/contracts/proto/*.proto (ts-proto with Nest support), written to
// libs/contracts/src/generated/ and committed. `--out DIR` writes elsewhere (the drift test compares the two).
// Uses the protoc shipped in the `protoc` npm package, so everyone generates byte-identical files.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROTO_DIR = path.join(ROOT, 'libs', 'contracts', 'proto');
const OPTIONS = [
  'nestJs=true',
  'addGrpcMetadata=true',
  'outputClientImpl=false',
  'useOptionals=messages',
  'esModuleInterop=true',
  // Nest's gRPC transport (de)serializes with @grpc/proto-loader: only the types and decorators are needed.
  'outputEncodeMethods=false',
  'outputJsonMethods=false',
  'outputPartialMethods=false',
  // proto-loader is configured with `enums: String`, so enums travel as their names.
  'stringEnums=true',
  // proto-loader (`oneofs: true`) hands a oneof over as its member fields, the shape `properties` types.
  'oneof=properties',
].join(',');

const outIndex = process.argv.indexOf('--out');
const outDir =
  outIndex > 0
    ? path.resolve(process.argv[outIndex + 1])
    : path.join(ROOT, 'libs', 'contracts', 'src', 'generated');
fs.mkdirSync(outDir, { recursive: true });
const protos = fs.readdirSync(PROTO_DIR).filter((name) => name.endsWith('.proto'));
const result = spawnSync(
  process.execPath,
  [
    path.join(ROOT, 'node_modules', 'protoc', 'protoc.cjs'),
    `--plugin=protoc-gen-ts_proto=${path.join(ROOT, 'node_modules', '.bin', 'protoc-gen-ts_proto')}`,
    `--ts_proto_out=${outDir}`,
    `--ts_proto_opt=${OPTIONS}`,
    `-I${PROTO_DIR}`,
    ...protos,
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(
  `generated ${protos.map((p) => p.replace('.proto', '.ts')).join(', ')} in ${path.relative(ROOT, outDir) || '.'}`,
);
