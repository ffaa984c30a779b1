#!/usr/bin/env node
// The face-api.js peer: face-api.js's own pipeline (SsdMobilenetv1 detector, 68-point landmarks, the
// 128-d dlib ResNet descriptor) on TensorFlow.js's wasm backend, run over a dataset folder so that
// FaceFare's Java evaluation (org.facefare.face.eval.PeerResults) scores it with the same metrics code.
//
// Protocol: each image is decoded in pure JS (pngjs, jpeg-js, or the PGM parser below), grey-scale
// images become three equal channels, and the image is upscaled 2x (bilinear). The detector then looks
// at it framed by a grey border, trying the border widths of --borders in order (each a fraction of
// the upscaled size added on every side; default 0,0.5): no border suits scene-like photos (web
// thumbnails), a wide border lets the detector, trained on scenes, find the tight crops of AT&T and
// Yale B. The first detection wins and its border is recorded. When no try finds a face, the whole
// original image is given to the descriptor network as the face crop and the image is recorded as
// "detected": false. Nothing is cached between images.
//
// Usage:
//   node faceapi-peer.mjs --dataset DIR --out FILE.json [--models DIR] [--limit N] [--borders F,F...] [--upscale F]
//   node faceapi-peer.mjs --latency --dataset DIR --out FILE.json [--models DIR] [--limit N]
//                         [--borders F,F...] [--upscale F] [--warmup N] [--repeat N]
// The first form writes {meta, images: [{identity, file, detected, border, descriptor[128], ms}]}
// ("border" is null when undetected); the second
// times the whole pipeline per image (after warm-up, `repeat` passes over the same images) and writes
// {meta, latency: {count, p50_ms, p90_ms, p99_ms, mean_ms, max_ms}, samples_ms: [...]}.
// --models defaults to $FACEFARE_MODELS/face-api or ~/.cache/facefare/models/face-api.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const DEFAULT_UPSCALE = 2;
const DEFAULT_BORDERS = [0, 0.5];
const BORDER_GREY = 128;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.pgm']);

function parseArgs(argv) {
  const args = { latency: false, warmup: 5, repeat: 3, limit: Infinity, borders: DEFAULT_BORDERS, upscale: DEFAULT_UPSCALE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const count = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a non-negative integer`);
      return n;
    };
    if (a === '--dataset') args.dataset = value();
    else if (a === '--out') args.out = value();
    else if (a === '--models') args.models = value();
    else if (a === '--limit') args.limit = count();
    else if (a === '--warmup') args.warmup = count();
    else if (a === '--repeat') args.repeat = Math.max(1, count());
    else if (a === '--borders') {
      args.borders = value().split(',').map(Number);
      if (!args.borders.every((b) => b >= 0 && b <= 4)) throw new Error('--borders needs fractions in [0, 4]');
    } else if (a === '--upscale') {
      args.upscale = Number(value());
      if (!(args.upscale >= 1 && args.upscale <= 4)) throw new Error('--upscale needs a factor in [1, 4]');
    } else if (a === '--latency') args.latency = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.dataset || !args.out) throw new Error('--dataset DIR and --out FILE are required');
  args.models ??= path.join(process.env.FACEFARE_MODELS ?? path.join(os.homedir(), '.cache/facefare/models'), 'face-api');
  return args;
}

// Identity sub-folders and their images, both in code-unit order (the order Java's String.compareTo gives).
function listDataset(root) {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new Error(`dataset folder ${root} does not exist`);
  const identities = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const items = [];
  for (const identity of identities) {
    const files = fs.readdirSync(path.join(root, identity), { withFileTypes: true })
      .filter((f) => f.isFile() && IMAGE_EXTENSIONS.has(path.extname(f.name).toLowerCase()))
      .map((f) => f.name).sort();
    for (const file of files) items.push({ identity, file });
  }
  if (items.length === 0) throw new Error(`dataset folder ${root} has no identity sub-folders with images`);
  return items;
}

// Binary PGM (P5, maxval <= 255): returns {width, height, gray}.
function decodePgm(buf) {
  let pos = 0;
  const token = () => {
    for (;;) {
      while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos]))) pos++;
      if (buf[pos] === 0x23) { while (pos < buf.length && buf[pos] !== 0x0a) pos++; } else break;
    }
    const start = pos;
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    return buf.toString('latin1', start, pos);
  };
  if (token() !== 'P5') throw new Error('only binary PGM (P5) is supported');
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  if (!(width > 0 && height > 0 && maxval > 0 && maxval <= 255)) throw new Error('unsupported PGM header');
  pos++;
  if (buf.length - pos < width * height) throw new Error('truncated PGM');
  return { width, height, gray: buf.subarray(pos, pos + width * height) };
}

// Decodes a file to an int32 [h, w, 3] RGB tensor.
function readImage(file) {
  const buf = fs.readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  let width; let height; let rgb;
  if (ext === '.pgm') {
    const img = decodePgm(buf);
    ({ width, height } = img);
    rgb = new Int32Array(width * height * 3);
    for (let i = 0; i < width * height; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = img.gray[i];
  } else {
    const img = ext === '.png' ? PNG.sync.read(buf) : jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    ({ width, height } = img);
    rgb = new Int32Array(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      rgb[3 * i] = img.data[4 * i];
      rgb[3 * i + 1] = img.data[4 * i + 1];
      rgb[3 * i + 2] = img.data[4 * i + 2];
    }
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

// The upscaled image framed by a grey border of `border` times its size on each side (float32, 0..255).
function frame(upscaled, border) {
  const [h, w] = upscaled.shape;
  const by = Math.round(h * border);
  const bx = Math.round(w * border);
  return tf.pad(upscaled, [[by, by], [bx, bx], [0, 0]], BORDER_GREY);
}

// One image through the pipeline: {detected, border, descriptor}.
async function describe(image, borders, upscale) {
  const [h, w] = image.shape;
  const upscaled = tf.tidy(() => upscale === 1 ? image.toFloat() : tf.image.resizeBilinear(image.toFloat(), [h * upscale, w * upscale]));
  try {
    for (const border of borders) {
      const framed = frame(upscaled, border);
      try {
        const found = await faceapi.detectSingleFace(framed, new faceapi.SsdMobilenetv1Options())
          .withFaceLandmarks().withFaceDescriptor();
        if (found) return { detected: true, border, descriptor: Array.from(found.descriptor) };
      } finally {
        framed.dispose();
      }
    }
  } finally {
    upscaled.dispose();
  }
  const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(image);
  return { detected: false, border: null, descriptor: Array.from(descriptor) };
}

async function setUp(models) {
  // Node loads the wasm binaries from this package's own dist folder; no network is used.
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  for (const net of [faceapi.nets.ssdMobilenetv1, faceapi.nets.faceLandmark68Net, faceapi.nets.faceRecognitionNet]) {
    await net.loadFromDisk(models);
  }
}

function meta(args, count) {
  return {
    tool: 'faceapi-peer.mjs',
    face_api: faceapi.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    wasm_threads: 1,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    dataset: path.resolve(args.dataset),
    images: count,
    protocol: {
      detector: 'SsdMobilenetv1 (default options: minConfidence 0.5, maxResults 100)',
      pipeline: 'detectSingleFace(...).withFaceLandmarks().withFaceDescriptor()',
      upscale: args.upscale,
      borders_tried: args.borders,
      border_grey: BORDER_GREY,
      undetected: 'whole original image given to faceRecognitionNet.computeFaceDescriptor',
    },
    started: new Date().toISOString(),
  };
}

function percentile(sorted, p) {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

async function describeAll(args, items) {
  const images = [];
  let undetected = 0;
  for (const [n, item] of items.entries()) {
    const image = readImage(path.join(args.dataset, item.identity, item.file));
    const t0 = performance.now();
    const result = await describe(image, args.borders, args.upscale);
    const ms = performance.now() - t0;
    image.dispose();
    if (!result.detected) undetected++;
    images.push({ identity: item.identity, file: item.file, detected: result.detected, border: result.border, descriptor: result.descriptor, ms: Number(ms.toFixed(3)) });
    if ((n + 1) % 50 === 0 || n + 1 === items.length) {
      process.stderr.write(`faceapi-peer: ${n + 1}/${items.length} images, ${undetected} undetected\n`);
    }
  }
  return { meta: { ...meta(args, items.length), undetected }, images };
}

async function timeAll(args, items) {
  const decoded = items.map((item) => readImage(path.join(args.dataset, item.identity, item.file)));
  for (let i = 0; i < Math.min(args.warmup, decoded.length); i++) await describe(decoded[i], args.borders, args.upscale);
  const samples = [];
  for (let r = 0; r < args.repeat; r++) {
    for (const image of decoded) {
      const t0 = performance.now();
      await describe(image, args.borders, args.upscale);
      samples.push(performance.now() - t0);
    }
    process.stderr.write(`faceapi-peer: latency pass ${r + 1}/${args.repeat} done\n`);
  }
  decoded.forEach((t) => t.dispose());
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x) => Number(x.toFixed(3));
  return {
    meta: { ...meta(args, items.length), warmup: args.warmup, repeat: args.repeat, timed: 'describe(): upscale, each border tried, detection, landmarks, descriptor (or the fallback); decode excluded' },
    latency: {
      count: samples.length,
      p50_ms: round(percentile(sorted, 50)),
      p90_ms: round(percentile(sorted, 90)),
      p99_ms: round(percentile(sorted, 99)),
      mean_ms: round(samples.reduce((a, b) => a + b, 0) / samples.length),
      max_ms: round(sorted[sorted.length - 1]),
    },
    samples_ms: samples.map(round),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const items = listDataset(args.dataset).slice(0, args.limit);
  await setUp(args.models);
  const result = args.latency ? await timeAll(args, items) : await describeAll(args, items);
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(result));
  process.stderr.write(`faceapi-peer: wrote ${args.out}\n`);
}

main().catch((e) => {
  process.stderr.write(`faceapi-peer: ${e.message}\n`);
  process.exit(1);
});
