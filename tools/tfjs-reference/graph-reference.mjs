#!/usr/bin/env node
// Runs a TensorFlow.js graph model on a deterministic input with TensorFlow.js itself (pure
// JavaScript cpu backend, or the wasm backend) and writes the input and the outputs, so that a
// converted model can be checked value for value (FaceFare's TfjsReferenceTest does).
//
// Usage:
//   node graph-reference.mjs --model <model.json> --out <dir>
//        [--backend cpu|wasm] [--seed <uint32>] [--range <lo>,<hi>] [--batch <n>]
//        [--outputs <name>,<name>...] [--repeat <n>]
//
// The input. Element k (k = 0, 1, ... in row-major NHWC order) of the input tensor is
//   s_0     = seed
//   s_{k+1} = (1664525 * s_k + 1013904223) mod 2^32        (Numerical Recipes' LCG)
//   u_k     = floor(s_{k+1} / 256) / 2^24                   (exact in float32, in [0, 1))
//   x_k     = float32(lo + (hi - lo) * u_k)                 (evaluated in double, rounded once)
// Integer arithmetic and one double-precision rounding make it bit-identical in any language.
// The input's open batch dimension is --batch (default 1).
//
// Output, in --out: input.f32 and output-<i>.f32 (float32, little-endian, row-major) and
// manifest.json:
//   { model, tfjs, backend, seed, range: [lo, hi],
//     input: { name, shape, file },
//     outputs: [ { name, shape, file } ],        // name: as model.outputNodes (signature keys)
//     millis: { load, first, median } }          // median of --repeat runs after the first
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'cpu' },
    seed: { type: 'string', default: '1' },
    range: { type: 'string', default: '0,1' },
    batch: { type: 'string', default: '1' },
    outputs: { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});

function fail(message) {
  console.error(`graph-reference: ${message}`);
  process.exit(2);
}

function integer(name, min, max) {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < min || v > max) fail(`--${name} must be an integer in [${min}, ${max}]`);
  return v;
}

if (!args.model || !args.out) fail('--model and --out are required');
if (!['cpu', 'wasm'].includes(args.backend)) fail('--backend must be cpu or wasm');
const seed = integer('seed', 0, 0xffffffff);
const batch = integer('batch', 1, 1 << 16);
const repeat = integer('repeat', 1, 1000);
const range = args.range.split(',').map(Number);
if (range.length !== 2 || !range.every(Number.isFinite)) fail('--range must be <lo>,<hi>');
const [lo, hi] = range;

/** The deterministic input described above. */
function input(shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let k = 0; k < n; k++) {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    x[k] = lo + (hi - lo) * ((s >>> 8) / 16777216);
  }
  return x;
}

/** An IOHandler reading model.json and its shards (concatenated in manifest order) from disk. */
function fileHandler(modelPath) {
  return {
    async load() {
      const json = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
      if (json.format !== undefined && json.format !== 'graph-model') {
        fail(`${modelPath} has format ${json.format}, not graph-model`);
      }
      const dir = path.dirname(modelPath);
      const manifest = json.weightsManifest || [];
      const shards = manifest.flatMap(g => g.paths.map(p => fs.readFileSync(path.join(dir, p))));
      const all = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: manifest.flatMap(g => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

function write(file, data) {
  fs.writeFileSync(path.join(args.out, file), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

if (!(await tf.setBackend(args.backend))) fail(`backend ${args.backend} is not available`);
await tf.ready();
tf.enableProdMode();

let t0 = performance.now();
const model = await tf.loadGraphModel(fileHandler(args.model));
const load = performance.now() - t0;
if (model.inputs.length !== 1) fail(`the model has ${model.inputs.length} inputs; one is supported`);
const spec = model.inputs[0];
const shape = spec.shape.map((d, i) => (d === -1 && i === 0 ? batch : d));
if (shape.some(d => d < 1)) fail(`input shape ${JSON.stringify(spec.shape)} has open dimensions`);
const names = args.outputs ? args.outputs.split(',') : model.outputNodes;

const data = input(shape);
const x = tf.tensor(data, shape, 'float32');
const times = [];
let outs;
for (let r = 0; r <= repeat; r++) {
  if (outs) outs.forEach(o => o.dispose());
  t0 = performance.now();
  const result = model.execute(x, names);
  outs = Array.isArray(result) ? result : [result];
  await Promise.all(outs.map(o => o.data()));
  times.push(performance.now() - t0);
}
const later = times.slice(1).sort((a, b) => a - b);

fs.mkdirSync(args.out, { recursive: true });
write('input.f32', data);
const outputs = [];
for (let i = 0; i < outs.length; i++) {
  if (outs[i].dtype !== 'float32') fail(`output ${names[i]} is ${outs[i].dtype}, not float32`);
  const file = `output-${i}.f32`;
  write(file, outs[i].dataSync());
  outputs.push({ name: names[i], shape: outs[i].shape, file });
}
const manifest = {
  model: path.basename(args.model),
  tfjs: tf.version.tfjs,
  backend: tf.getBackend(),
  seed,
  range: [lo, hi],
  input: { name: spec.name, shape, file: 'input.f32' },
  outputs,
  millis: { load, first: times[0], median: later[Math.floor(later.length / 2)] },
};
fs.writeFileSync(path.join(args.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
