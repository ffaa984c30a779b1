// Reference outputs of face-api.js's own networks, run in TensorFlow.js (wasm backend), for
// FaceFare's ONNX conversions of them to be checked against.
//
//   node faceapi-reference.mjs <modelDir> <outDir> [<images.json>]
//
// <modelDir> holds face-api's *-weights_manifest.json files and shards. For each of
// ssd_mobilenetv1, face_landmark_68 and face_recognition this writes to <outDir>:
//   - <net>.input.f32: the deterministic input batch (below), float32 little-endian, NHWC;
//   - <net>.<output>.f32: the network's outputs for it (float32 LE), as face-api computes them:
//       ssd_mobilenetv1: boxes [N, 5118, 4] and scores [N, 5118] (SsdMobilenetv1.forwardInput,
//         i.e. decoded boxes before NMS), face_landmark_68: landmarks [N, 136] (runNet, the fc
//         output), face_recognition: descriptor [N, 128] (forwardInput);
//   - in manifest.json, per net, the SHA-256 of each weight's bytes as TensorFlow.js decoded it;
//   - crop.<net>.f32: for the landmark and descriptor nets, the output for one non-square "crop"
//     [height, width, 3] of deterministic pixels, which face-api pads to a centred square and
//     resizes itself: landmarks relative to the crop (FaceLandmark68Net.forwardInput, i.e. after
//     postProcess) and the descriptor (computeFaceDescriptor).
// With <images.json> = [{name, width, height, file, minConfidence, maxResults}], where file
// holds width * height * 3 RGB bytes (relative to images.json), it also writes per image
// face-api's detectAllFaces(tensor, SsdMobilenetv1Options) result and the batch tensors
// NetInput.toBatchTensor makes of it for the detector (512, bottom/right padding) and the
// descriptor net (150, centred).
//
// Deterministic input: element k (k = 0, 1, ... in NHWC order over the whole batch) of a net's
// input is s_k >>> 24, an integer in [0, 255], where s_0 = seed and
// s_{k+1} = (1664525 * s_k + 1013904223) mod 2^32 (Numerical Recipes' LCG), value k using s_{k+1};
// seed is 1, 2, 3 for ssd_mobilenetv1, face_landmark_68, face_recognition; N = 2. The crops use
// the same formula, seeds 4 (landmarks, 91x120) and 5 (descriptor, 130x101).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const [modelDir, outDir, imagesJson] = process.argv.slice(2);
if (!modelDir || !outDir) {
  console.error('usage: node faceapi-reference.mjs <modelDir> <outDir> [<images.json>]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const BATCH = 2;
const NETS = [
  { name: 'ssd_mobilenetv1_model', net: faceapi.nets.ssdMobilenetv1, size: 512, seed: 1 },
  { name: 'face_landmark_68_model', net: faceapi.nets.faceLandmark68Net, size: 112, seed: 2 },
  { name: 'face_recognition_model', net: faceapi.nets.faceRecognitionNet, size: 150, seed: 3 },
];

function lcgPixels(seed, count) {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let k = 0; k < count; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[k] = s >>> 24;
  }
  return out;
}

function bytesOf(typed) {
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
}

function writeTensor(file, tensor) {
  const data = tensor.dataSync();
  if (!(data instanceof Float32Array)) throw new Error(`${file}: not float32`);
  writeFileSync(path.join(outDir, file), bytesOf(data));
  return { file, shape: tensor.shape };
}

async function weightDigests(name) {
  const manifest = JSON.parse(readFileSync(path.join(modelDir, `${name}-weights_manifest.json`)));
  const load = tf.io.weightsLoaderFactory((paths) => Promise.all(paths.map((p) => {
    const b = readFileSync(p);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  })));
  const weights = await load(manifest, modelDir + path.sep);
  const digests = {};
  for (const [key, t] of Object.entries(weights)) {
    digests[key] = { dtype: t.dtype, shape: t.shape, sha256: createHash('sha256').update(bytesOf(t.dataSync())).digest('hex') };
    t.dispose();
  }
  return digests;
}

async function runNet({ name, net, size, seed }) {
  await net.loadFromDisk(modelDir);
  const pixels = lcgPixels(seed, BATCH * size * size * 3);
  const batch = tf.tensor4d(pixels, [BATCH, size, size, 3], 'float32');
  const images = tf.unstack(batch);
  const input = await faceapi.toNetInput(images);
  const outputs = {};
  if (name === 'ssd_mobilenetv1_model') {
    const { boxes, scores } = net.forwardInput(input);
    const b = tf.stack(boxes);
    const s = tf.stack(scores);
    outputs.boxes = writeTensor(`${name}.boxes.f32`, b);
    outputs.scores = writeTensor(`${name}.scores.f32`, s);
    tf.dispose([...boxes, ...scores, b, s]);
  } else if (name === 'face_landmark_68_model') {
    const y = net.runNet(input);
    outputs.landmarks = writeTensor(`${name}.landmarks.f32`, y);
    y.dispose();
  } else {
    const y = net.forwardInput(input);
    outputs.descriptor = writeTensor(`${name}.descriptor.f32`, y);
    y.dispose();
  }
  const inputRef = writeTensor(`${name}.input.f32`, batch);
  tf.dispose([batch, ...images]);
  return { net: name, seed, batch: BATCH, input: inputRef, outputs, weights: await weightDigests(name) };
}

const CROPS = [
  { name: 'face_landmark_68_model', net: faceapi.nets.faceLandmark68Net, seed: 4, width: 91, height: 120 },
  { name: 'face_recognition_model', net: faceapi.nets.faceRecognitionNet, seed: 5, width: 130, height: 101 },
];

async function runCrop({ name, net, seed, width, height }) {
  const crop = tf.tensor3d(lcgPixels(seed, width * height * 3), [height, width, 3], 'float32');
  let output;
  if (name === 'face_landmark_68_model') {
    const y = net.forwardInput(await faceapi.toNetInput(crop));
    output = writeTensor(`crop.${name}.f32`, y);
    y.dispose();
  } else {
    const d = await net.computeFaceDescriptor(crop);
    const y = tf.tensor1d(d);
    output = writeTensor(`crop.${name}.f32`, y);
    y.dispose();
  }
  crop.dispose();
  return { net: name, seed, width, height, output };
}

async function runImage(spec, dir) {
  const rgb = readFileSync(path.join(dir, spec.file));
  if (rgb.length !== spec.width * spec.height * 3) throw new Error(`${spec.file}: expected ${spec.width * spec.height * 3} bytes, got ${rgb.length}`);
  const tensor = tf.tensor3d(Int32Array.from(rgb), [spec.height, spec.width, 3], 'int32');
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: spec.minConfidence, maxResults: spec.maxResults });
  const found = await faceapi.detectAllFaces(tensor, options);
  const detections = found.map((d) => ({ score: d.score, x: d.relativeBox.x, y: d.relativeBox.y, width: d.relativeBox.width, height: d.relativeBox.height }));
  const ssd = (await faceapi.toNetInput(tensor)).toBatchTensor(512, false);
  const centred = (await faceapi.toNetInput(tensor)).toBatchTensor(150, true);
  const result = {
    name: spec.name,
    width: spec.width,
    height: spec.height,
    minConfidence: options.minConfidence,
    maxResults: options.maxResults,
    detections,
    ssdTensor: writeTensor(`${spec.name}.ssd512.f32`, ssd),
    centredTensor: writeTensor(`${spec.name}.centred150.f32`, centred),
  };
  tf.dispose([tensor, ssd, centred]);
  return result;
}

await tf.setBackend('wasm');
await tf.ready();
const nets = [];
for (const spec of NETS) nets.push(await runNet(spec));
const crops = [];
for (const spec of CROPS) crops.push(await runCrop(spec));
const images = [];
if (imagesJson) {
  const specs = JSON.parse(readFileSync(imagesJson));
  for (const spec of specs) images.push(await runImage(spec, path.dirname(imagesJson)));
}
const manifest = {
  faceApiVersion: faceapi.version,
  tfjsVersion: tf.version_core,
  backend: tf.getBackend(),
  nets,
  crops,
  images,
};
writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
console.log(`faceapi-reference: ${nets.length} nets, ${images.length} images -> ${outDir} (${tf.getBackend()})`);
