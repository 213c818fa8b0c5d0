// onnx.js — ONNX file bytes from the engine's ModelProto in protobuf JSON form (Network.onnxJson),
// encoded by protobufjs with ONNX's own onnx.proto. Both are loaded on first use, not with the page.
import { Req } from './protocol.js';

let modelProto = null;

async function loadModelProto() {
  if (!modelProto) {
    // Vendored at build time (web/tools/make-site.sh); resolved next to this file, so any sub-path works.
    const [{ default: protobuf }, { default: descriptor }] = await Promise.all([
      import('./vendor/protobuf-light.js'),
      import('./vendor/onnx-proto.js'),
    ]);
    modelProto = protobuf.Root.fromJSON(descriptor).lookupType('onnx.ModelProto');
  }
  return modelProto;
}

/**
 * @param {string | object} model ModelProto in protobuf's JSON mapping (text or parsed)
 * @returns {Promise<Uint8Array>} the .onnx file
 */
export async function encodeOnnx(model) {
  const ModelProto = await loadModelProto();
  const object = typeof model === 'string' ? JSON.parse(model) : model;
  return ModelProto.encode(ModelProto.fromObject(object)).finish();
}

/**
 * The worker's current model as an .onnx file: the worker describes the graph, the page encodes it.
 * @param {import('./protocol.js').EngineClient} client
 * @returns {Promise<Uint8Array>}
 */
export async function onnxFile(client, { probs = true } = {}) {
  const { model } = await client.request(Req.onnxModel, { probs });
  return encodeOnnx(model);
}
