import { build } from 'esbuild';
import { lambdaBuildOptions } from '../lib/constructs/fieldpass-function';
const entry = process.argv[2];
const r = await build({ ...lambdaBuildOptions, entryPoints: [entry], write: false, metafile: true, outdir: '/tmp/out' } as any);
const out = Object.values(r.metafile!.outputs)[0]!;
const rows = Object.entries(out.inputs).map(([k, v]) => [k, v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
const group = new Map<string, number>();
for (const [k, b] of rows) { const g = k.includes('node_modules') ? k.split('node_modules/')[1]!.split('/').slice(0, k.includes('@') ? 2 : 1).join('/') : k; group.set(g, (group.get(g) ?? 0) + b); }
console.log('total', out.bytes);
console.log([...group].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, b]) => `${(b / 1024).toFixed(1).padStart(7)} ${k}`).join('\n'));
