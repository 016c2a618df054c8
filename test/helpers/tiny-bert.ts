import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as OnnxProto from 'onnx-proto';

// onnx-proto is CommonJS; its ModelProto encodes a graph the way the ONNX tools would.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as typeof OnnxProto;

/**
 * Writes a tiny BERT-shaped model directory that @xenova/transformers loads offline exactly like a
 * real one: config.json, tokenizer.json (WordPiece), and onnx/model.onnx whose graph is one Gather
 * from a word-embedding table, so each token's vector is known and the mean-pooled result can be
 * checked. Not a language model: it tests the loading and pooling path, not embedding quality.
 */
export function writeTinyBert(root: string, id: string, words: string[], dim = 4): { dir: string; vectors: Map<string, number[]> } {
  const dir = path.join(root, id);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', ...words];
  // Specials embed to zero, words to fixed, distinct vectors.
  const table = vocab.map((w, i) => (i < 4 ? new Array(dim).fill(0) : Array.from({ length: dim }, (_, k) => Math.sin(i * 7.1 + k * 1.3))));
  const vectors = new Map(vocab.map((w, i) => [w, table[i]!]));

  const model = onnx.ModelProto.create({
    irVersion: 5,
    opsetImport: [{ domain: '', version: 11 }],
    producerName: 'saring-test',
    graph: {
      name: 'tiny-bert',
      node: [
        {
          opType: 'Gather',
          input: ['word_embeddings', 'input_ids'],
          output: ['last_hidden_state'],
          attribute: [{ name: 'axis', i: 0, type: onnx.AttributeProto.AttributeType.INT }],
        },
      ],
      initializer: [{ name: 'word_embeddings', dims: [vocab.length, dim], dataType: onnx.TensorProto.DataType.FLOAT, floatData: table.flat() }],
      input: [
        tensorInfo('input_ids', onnx.TensorProto.DataType.INT64, ['batch', 'sequence']),
        tensorInfo('attention_mask', onnx.TensorProto.DataType.INT64, ['batch', 'sequence']),
      ],
      output: [tensorInfo('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence', dim])],
    },
  });
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), onnx.ModelProto.encode(model).finish());
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', hidden_size: dim, vocab_size: vocab.length, max_position_embeddings: 64 }),
  );
  fs.writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 64,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
    }),
  );
  const special = (t: string, i: number) => ({ id: i, content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  fs.writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: vocab.slice(0, 4).map(special),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((w, i) => [w, i])),
      },
    }),
  );
  return { dir, vectors };
}

function tensorInfo(name: string, elemType: number, dims: Array<string | number>) {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
