// Feeds the browser's reader (kbreader.js) broken pieces, for the fuzz
// test in reader_test.go:
//
//   node kbreader_fuzz.mjs READER.js PIECES_DIR QUERIES.json SEED N
//
// N times: one piece (sometimes two) of the index in PIECES_DIR, mostly
// one that the run's queries read, is replaced by random bytes, cut short, has bytes changed, put in, taken
// out or swapped with another piece, or (JSON pieces) becomes JSON of the
// wrong shape; then a fresh reader opens and runs three of the queries.
// Each must answer ({total, hits}) or fail with the reader's IndexError:
// never another error, a thrown non-Error, an unhandled rejection, or a
// hang. Prints {runs, answered, failed, problems: [...]} as JSON; the
// same SEED gives the same run.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [readerPath, dir, queriesPath, seedArg, nArg] = process.argv.slice(2);
const kb = await import(pathToFileURL(readerPath).href);
const queries = JSON.parse(readFileSync(queriesPath, "utf8"));
const n = Number(nArg);

// mulberry32: a small seeded generator.
let state = Number(seedArg) >>> 0;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (k) => Math.floor(rnd() * k);
const pick = (list) => list[int(list.length)];

const pieces = new Map();
for (const name of readdirSync(dir)) pieces.set(name, new Uint8Array(readFileSync(join(dir, name))));
const names = [...pieces.keys()].sort();
const enc = new TextEncoder();

const wrongJSON = ["", "null", "{}", "[]", "[[]]", "[1,2,3]", '"x"', "[[\"a\",0,1,0,5]]", "[[\"a\",\"b\",\"c\",\"d\",\"e\"]]",
  "[[\"zorg\",3,1e308,-1,99999999999]]", "{\"version\":1,\"fields\":[]}", "[[null]]", "1e999", "[{\"u\":1}]"];

// mutate gives a broken copy of b.
function mutate(name, b) {
  const kind = int(name === "manifest.json" ? 9 : 8);
  const c = b.slice();
  switch (kind) {
    case 0: { // random bytes
      const r = new Uint8Array(int(2 * b.length + 2));
      for (let i = 0; i < r.length; i++) r[i] = int(256);
      return r;
    }
    case 1: return c.subarray(0, int(b.length)); // cut short
    case 2: { // bytes changed
      for (let k = 1 + int(8); k > 0 && c.length > 0; k--) c[int(c.length)] = int(256);
      return c;
    }
    case 3: { // a chunk put in
      const at = int(c.length + 1), chunk = new Uint8Array(1 + int(64)).map(() => int(256));
      const r = new Uint8Array(c.length + chunk.length);
      r.set(c.subarray(0, at)); r.set(chunk, at); r.set(c.subarray(at), at + chunk.length);
      return r;
    }
    case 4: { // a chunk taken out
      const at = int(c.length + 1), len = int(64);
      const r = new Uint8Array(Math.max(0, c.length - len));
      r.set(c.subarray(0, at).subarray(0, r.length)); if (at + len < c.length) r.set(c.subarray(at + len), at);
      return r;
    }
    case 5: return pieces.get(pick(names)).slice(); // another piece's bytes
    case 6: return enc.encode(pick(wrongJSON)); // JSON of the wrong shape
    case 7: return new Uint8Array(0);
    default: { // the manifest with one value wrong
      const m = JSON.parse(new TextDecoder().decode(b));
      const keys = Object.keys(m);
      const k = pick(keys);
      const values = [null, -1, 0, 1e308, NaN, "x", [], {}, [[]], [["a", "b"]], { "61": ["nope", "nada"] }, [["o-0.bin"]], 0.5];
      if (k === "shards" && rnd() < 0.5) {
        const ks = Object.keys(m.shards);
        m.shards[pick(ks)] = pick([[pick(names), pick(names)], ["../../etc/passwd", "x"], [], null, 7]);
      } else if (k === "stored" && rnd() < 0.5 && m.stored.length) {
        m.stored[0] = pick([[pick(names), pick(names)], [], null, ["", ""]]);
      } else {
        m[k] = pick(values);
      }
      return enc.encode(JSON.stringify(m));
    }
  }
}

function fetcher(map) {
  return (name, offset, length) => {
    const b = map.get(name);
    if (!b) return Promise.reject(new Error("404 " + name));
    if (offset === undefined) return Promise.resolve(b);
    return Promise.resolve(b.subarray(offset, offset + length)); // what a host sends of a range
  };
}

const problems = [];
process.on("unhandledRejection", (e) => problems.push("an unhandled rejection: " + (e && e.stack ? e.stack : String(e))));
const describe = (e) => (e instanceof Error ? e.name + ": " + e.message + (e.stack ? " " + e.stack.split("\n")[1] : "") : "a thrown " + typeof e + ": " + String(e));

// guard fails an operation that never settles (a hang); a loop that never
// yields stops the whole process, which the Go test notices.
function guard(p) {
  let timer;
  const hang = new Promise((_, reject) => { timer = setTimeout(() => reject(new Hang()), 10000); });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}
class Hang {}

// needs lists the pieces a query fetches from whole pieces: those are the
// ones worth breaking (most of a site's pieces a given query never reads).
const needs = new Map();
async function needed(q) {
  if (!needs.has(q)) {
    const seen = new Set();
    const base = fetcher(pieces);
    const r = await kb.openReader((name, o, l) => { seen.add(name); return base(name, o, l); });
    await r.search({ q: q.q, type: q.type, size: 10 });
    needs.set(q, [...seen].sort());
  }
  return needs.get(q);
}

let answered = 0, failed = 0;
for (let run = 0; run < n; run++) {
  const map = new Map(pieces);
  const broken = [];
  const qs = [pick(queries), pick(queries), pick(queries)];
  const wanted = [...new Set([].concat(await needed(qs[0]), await needed(qs[1]), await needed(qs[2])))].sort();
  for (let k = rnd() < 0.2 ? 2 : 1; k > 0; k--) {
    const name = rnd() < 0.1 ? "manifest.json" : rnd() < 0.9 ? pick(wanted) : pick(names);
    map.set(name, mutate(name, map.get(name)));
    broken.push(name);
  }
  const what = `run ${run}, ${broken.join(" and ")} broken, queries ${JSON.stringify(qs.map((q) => q.q.slice(0, 60)))}`;
  try {
    const reader = await guard(kb.openReader(fetcher(map)));
    for (const q of qs) {
      try {
        const res = await guard(reader.search({ q: q.q, type: q.type, size: 10 }));
        if (typeof res.total !== "number" || !Array.isArray(res.hits)) problems.push(`${what}: answered ${JSON.stringify(res).slice(0, 200)}`);
        else answered++;
      } catch (e) {
        if (e instanceof kb.IndexError) failed++;
        else problems.push(`${what}: search: ${e instanceof Hang ? "no answer in 10 s" : describe(e)}`);
      }
    }
  } catch (e) {
    if (e instanceof kb.IndexError) failed++;
    else problems.push(`${what}: openReader: ${e instanceof Hang ? "no answer in 10 s" : describe(e)}`);
  }
}
process.stdout.write(JSON.stringify({ runs: n, answered, failed, problems }));
