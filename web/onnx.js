// onnx.js — ONNX file bytes from the engine's ModelProto in protobuf JSON form (Network.onnxJson),
// encoded by protobuf-es (@bufbuild/protobuf) with ONNX's own onnx.proto. Both are loaded on first
// use, not with the page; neither evaluates code from strings, so export works under the page's CSP.
import { Req } from './protocol.js';

let modelProto = null;

async function loadModelProto() {
  if (!modelProto) {
    // Vendored at build time (web/tools/make-site.sh); resolved next to this file, so any sub-path works.
    const [pb, wkt, { default: descriptor }] = await Promise.all([
      import('./vendor/protobuf-es/index.js'),
      import('./vendor/protobuf-es/wkt/index.js'),
      import('./vendor/onnx-proto.js'),
    ]);
    const bytes = Uint8Array.from(atob(descriptor), (c) => c.charCodeAt(0));
    const registry = pb.createFileRegistry(pb.fromBinary(wkt.FileDescriptorSetSchema, bytes));
    const schema = registry.getMessage('onnx.ModelProto');
    modelProto = { encode: (json) => pb.toBinary(schema, pb.fromJson(schema, json)) };
  }
  return modelProto;
}

/**
 * @param {string | object} model ModelProto in protobuf's JSON mapping (text or parsed)
 * @returns {Promise<Uint8Array>} the .onnx file
 */
export async function encodeOnnx(model) {
  const { encode } = await loadModelProto();
  return encode(typeof model === 'string' ? JSON.parse(model) : model);
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
