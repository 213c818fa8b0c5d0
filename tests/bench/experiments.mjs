// experiments.mjs — runs the page's one-click experiments (web/experiments.js) through the WASM
// engine on the built demo sets and prints every configuration × seed and the conclusion.
// Usage: node tests/bench/experiments.mjs [--demo shapes,apples-flowers,fashion] [--exp fit,cnn-vs-fc,regularization]
//        [--seeds 1,2,3] [--site build/site]
// Seconds are wall-clock; "cpu" is this process's CPU time, which is what a busy shared machine
// does not distort (compare with the browser's ~1,000 lecture-CNN images/s, README).
import fs from 'node:fs';
import path from 'node:path';
import { loadLab, ROOT } from '../node/helpers.mjs';
import { loadDemoSet } from '../../web/demos.js';
import { EXPERIMENTS, conclude } from '../../web/experiments.js';
import strings from '../../web/i18n/experiments.js';
import { runExperiment } from './experiments-core.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

// fetch() for files of a built site, so demos.js reads them as the page does.
export function fileFetch(dir) {
  return async (relative) => {
    const file = path.join(dir, relative);
    if (!fs.existsSync(file)) return { ok: false, status: 404 };
    const bytes = fs.readFileSync(file);
    return {
      ok: true,
      json: async () => JSON.parse(bytes.toString('utf8')),
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };
  };
}

// "{cnn}% …" with params filled in, as the page's t() does.
export function say(lang, { key, params }) {
  const text = strings[lang][key];
  if (text === undefined) throw new Error(`web/i18n/experiments.js has no ${lang} text for "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

const cpuSeconds = () => process.cpuUsage().user / 1e6;

async function main() {
  const site = path.resolve(option('site', path.join(ROOT, 'build/site')));
  const demoIds = option('demo', 'apples-flowers,shapes,fashion').split(',');
  const experimentIds = option('exp', Object.keys(EXPERIMENTS).join(',')).split(',');
  const seedList = option('seeds', null)?.split(',').map(Number);
  const lab = await loadLab(path.join(site, 'engine'));
  console.log(`engine ${lab.version} (${lab.simdInfo()}), node ${process.version}`);
  for (const demoId of demoIds) {
    const demo = await loadDemoSet(fileFetch(path.join(site, 'demo')), demoId, '');
    const { meta } = demo;
    console.log(`\n## ${demoId}: ${demo.train.count} training images, ${meta.classes.length} classes, ${meta.channels}×${meta.height}×${meta.width}`);
    for (const id of experimentIds) {
      const experiment = EXPERIMENTS[id];
      if (!experiment) throw new Error(`no experiment "${id}" (have: ${Object.keys(EXPERIMENTS).join(', ')})`);
      console.log(`\n### ${id}\n`);
      console.log('| config | seed | train acc | val acc | val photos | train photos | weights | s | cpu s |');
      console.log('|---|---|---|---|---|---|---|---|---|');
      const wall0 = performance.now();
      const cpu0 = cpuSeconds();
      let cpuBefore = cpu0;
      const rows = runExperiment(lab, demo, experiment, {
        seeds: seedList ?? experiment.seeds,
        onRow: (r) => {
          const cpu = cpuSeconds();
          console.log(`| ${r.name} | ${r.seed} | ${(100 * r.trainAcc).toFixed(1)} | ${(100 * r.valAcc).toFixed(1)} | ${r.valCount} | ${r.trainCount} | ${r.params.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${(cpu - cpuBefore).toFixed(1)} |`);
          cpuBefore = cpu;
        },
      });
      const total = { wall: (performance.now() - wall0) / 1000, cpu: cpuSeconds() - cpu0 };
      console.log(`\ntotal ${total.wall.toFixed(1)} s wall, ${total.cpu.toFixed(1)} s cpu`);
      for (const lang of ['en', 'zh']) {
        const result = conclude(id, rows, { classCount: meta.classes.length, lang });
        const gap = lang === 'zh' ? '' : ' ';
        console.log(`${lang}: ${[result, ...result.notes].map((part) => say(lang, part)).join(gap)}`);
        if (lang === 'en') console.log(`(${result.key} ${JSON.stringify(result.params)})`);
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
