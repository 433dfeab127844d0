/**
 * The sources report at a newsroom's scale: `article-annotations report` on generated archives
 * of 2,500, 5,000 and 10,000 articles, run as a whole process of the bundled command line, so
 * that growth with the archive shows.
 *
 * Each archive: a registry `entities.ann.yaml` of 10,000 people with `attributes:` (gender,
 * role) at the top, and articles of about 5 KB in folders of 100, each naming eight people of
 * the registry and quoting four, with a sidecar whose entries name the speakers by the
 * registry's ids and whose `meta:` gives an outlet and a publication date.
 *
 * What it measures: the wall time of `node dist/cli.js report DIR --by gender --by
 * published:month --format json --out FILE`, and the peak resident memory of that process,
 * worker threads included (they share it): from `/usr/bin/time` where it is installed, else
 * from the kernel's high-water mark in /proc, sampled while it runs. The largest archive is
 * also reported with `--jobs 1`, for the workers' effect.
 *
 * It reports and judges nothing beyond printing the targets of issue #22 beside the figures;
 * it touches no network, and removes the archives it writes to a temporary folder.
 *
 * Run with `npm run bench:report`. `--articles N` makes the largest archive N articles (the
 * others a quarter and a half of it) for a quick look.
 */

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateNewsArticle, generateRegistryPeople, Random, registryYaml, type RegistryPerson } from './generator';

const KB = 1024;
const MB = 1024 * KB;
const PEOPLE = 10_000;
const ARTICLE_SIZE = 5 * KB;
const ARTICLES_PER_FOLDER = 100;
const CAST = 8;
const QUOTES = 4;
const OUTLETS = ['Hamburger Abendblatt', 'taz', 'Die Zeit', 'NDR', 'Spiegel'];
const ROLES = ['politician', 'expert', 'citizen', 'official', 'business'];
const GENDERS = ['female', 'male', 'female', 'male', 'non-binary'];
const CLI = path.resolve(__dirname, '../../dist/cli.js');

const TARGET_SECONDS = 20;
const TARGET_MEMORY = 1024 * MB;

function options(): { articles: number } {
  const args = process.argv.slice(2);
  const at = args.indexOf('--articles');
  const articles = at >= 0 ? Number(args[at + 1]) : 10_000;
  if (!Number.isInteger(articles) || articles < 4) throw new Error('--articles takes a whole number of 4 or more.');
  return { articles };
}

/** A few people are in many articles and most in few, as in a newsroom's archive. */
function castOf(people: readonly RegistryPerson[], random: Random): RegistryPerson[] {
  const chosen = new Set<number>();
  const cast: RegistryPerson[] = [];
  while (cast.length < CAST) {
    const pick = Math.floor(people.length * random.next() ** 3);
    if (chosen.has(pick)) continue;
    chosen.add(pick);
    cast.push(people[pick]);
  }
  return cast;
}

/** Writes an archive of `count` articles into `dir`; returns its size in bytes. */
function writeArchive(dir: string, count: number, people: readonly RegistryPerson[], registry: string): number {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'entities.ann.yaml'), registry);
  const random = new Random(0x5e1ec7);
  let bytes = registry.length;
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `ressort-${String(Math.floor(i / ARTICLES_PER_FOLDER)).padStart(3, '0')}`);
    if (i % ARTICLES_PER_FOLDER === 0) fs.mkdirSync(folder);
    const name = path.join(folder, `artikel-${String(i).padStart(5, '0')}`);
    const { article, sidecar } = generateNewsArticle(ARTICLE_SIZE, castOf(people, random), QUOTES, 0xa271c1e + i);
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const meta = `meta:\n  outlet: ${OUTLETS[i % OUTLETS.length]}\n  published: 2025-${month}-${day}\n`;
    const withMeta = sidecar.replace('language: de\n', `language: de\n${meta}`);
    fs.writeFileSync(`${name}.txt`, article);
    fs.writeFileSync(`${name}.ann.yaml`, withMeta);
    bytes += article.length + withMeta.length;
  }
  return bytes;
}

interface Measurement {
  seconds: number;
  /** Peak resident set in bytes; NaN when it could not be measured. */
  peak: number;
  articles: number;
}

/** Whether `/usr/bin/time` reports the peak resident set (GNU time's `%M`). */
function hasGnuTime(): boolean {
  return spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
}

/** Runs the report once as a child process: its wall time and peak memory. */
async function measure(dir: string, extra: readonly string[], gnuTime: boolean): Promise<Measurement> {
  const out = path.join(dir, '..', `report-${path.basename(dir)}.json`);
  const args = [CLI, 'report', dir, '--by', 'gender', '--by', 'published:month', '--format', 'json', '--out', out];
  const marker = 'peak-kb=';
  const [file, argv] = gnuTime
    ? ['/usr/bin/time', ['-f', `${marker}%M`, process.execPath, ...args, ...extra]]
    : [process.execPath, [...args, ...extra]];
  const started = performance.now();
  const child = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let sampled = 0;
  const sampler = gnuTime
    ? undefined
    : setInterval(() => {
        try {
          const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
          sampled = Math.max(sampled, Number(/^VmHWM:\s*(\d+) kB/mu.exec(status)?.[1] ?? 0) * KB);
        } catch {
          // The process has ended, or there is no /proc.
        }
      }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (code !== 0) throw new Error(`report exited with ${code}: ${stderr.trim()}`);
  const peak = gnuTime ? Number(/peak-kb=(\d+)/u.exec(stderr)?.[1]) * KB : sampled || NaN;
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { totals: { annotated: number } };
  fs.rmSync(out);
  return { seconds, peak, articles: report.totals.annotated };
}

async function main(): Promise<void> {
  const { articles } = options();
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first.`);
  const sizes = [Math.floor(articles / 4), Math.floor(articles / 2), articles];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-bench-'));
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true });
  const interrupted = (): void => {
    remove();
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  try {
    const random = new Random(0x1dec5);
    const people = generateRegistryPeople(PEOPLE, random);
    const registry = registryYaml(people, (_, i) => ({
      gender: GENDERS[i % GENDERS.length],
      role: ROLES[(i % 7) % 5],
    }));
    const gnuTime = hasGnuTime();
    console.log(
      `report over generated archives: a registry of ${PEOPLE.toLocaleString('en-US')} people ` +
        `(${(Buffer.byteLength(registry) / MB).toFixed(1)} MB), articles of ${ARTICLE_SIZE / KB} KB; ` +
        `${os.availableParallelism()} processors; memory from ${gnuTime ? '/usr/bin/time' : '/proc (sampled)'}.\n`,
    );
    const rows: string[][] = [];
    for (const size of sizes) {
      const dir = path.join(root, `archive-${size}`);
      const written = performance.now();
      const bytes = writeArchive(dir, size, people, registry);
      console.log(
        `wrote ${size.toLocaleString('en-US')} articles (${(bytes / MB).toFixed(0)} MB) in ${((performance.now() - written) / 1000).toFixed(1)} s`,
      );
      const runs: [string, string[]][] = [['default jobs', []]];
      if (size === articles) runs.push(['--jobs 1', ['--jobs', '1']]);
      for (const [label, extra] of runs) {
        const result = await measure(dir, extra, gnuTime);
        if (result.articles !== size) throw new Error(`the report counts ${result.articles} articles of ${size}`);
        rows.push([
          size.toLocaleString('en-US'),
          label,
          result.seconds.toFixed(1),
          ((1000 * result.seconds) / size).toFixed(2),
          Number.isNaN(result.peak) ? 'n/a' : (result.peak / MB).toFixed(0),
        ]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const header = ['articles', 'run', 'wall s', 'ms per article', 'peak MB'];
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
    console.log('');
    for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));
    console.log(
      `\nissue #22: ${articles.toLocaleString('en-US')} articles under ${TARGET_SECONDS} s on two cores, ` +
        `memory under ${TARGET_MEMORY / MB} MB.`,
    );
  } finally {
    process.off('SIGINT', interrupted);
    remove();
  }
}

main().catch((error: unknown) => {
  console.error(`reportBench: ${(error as Error).message}`);
  process.exitCode = 1;
});
