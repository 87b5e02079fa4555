// Runs queries through the browser's reader (kbreader.js) on pieces in a
// directory, for the differential test (reader_test.go).
//
//   node kbreader_run.mjs READER.js PIECES_DIR REQUESTS.json MODE
//
// MODE "analyze": REQUESTS is a list of texts; prints their kb_nl terms.
// MODE "search": REQUESTS is a list of {q, type}; prints per request
// {total, hits: [{url, score, excerpt}]}.
// MODE "fetches": as search, each request on a fresh reader; prints per
// request the pieces it fetched: [name, offset, length] (offset -1: whole).
import { readFileSync, openSync, readSync, closeSync, fstatSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [readerPath, dir, reqPath, mode] = process.argv.slice(2);
const kb = await import(pathToFileURL(readerPath).href);
const requests = JSON.parse(readFileSync(reqPath, "utf8"));

// fetchPiece reads a piece, or a range of it as a static host answers a
// Range request: what there is of it, never more than the file.
function fetchPiece(name, offset, length) {
  const file = join(dir, name);
  if (offset === undefined) return Promise.resolve(new Uint8Array(readFileSync(file)));
  const fd = openSync(file, "r");
  try {
    length = Math.max(0, Math.min(length, fstatSync(fd).size - offset));
    const b = Buffer.alloc(length);
    const n = readSync(fd, b, 0, length, offset);
    return Promise.resolve(new Uint8Array(b.buffer, b.byteOffset, n));
  } finally {
    closeSync(fd);
  }
}

const reader = await kb.openReader(fetchPiece);
const out = [];
if (mode === "fetches") {
  for (const r of requests) {
    const log = [];
    const logged = (name, offset, length) =>
      fetchPiece(name, offset, length).then((b) => (log.push([name, offset === undefined ? -1 : offset, b.length]), b));
    const fresh = await kb.openReader(logged);
    await fresh.search({ q: r.q, type: r.type, size: 10 });
    out.push(log);
  }
} else if (mode === "analyze") {
  for (const text of requests) out.push(reader.a.analyze(text));
} else {
  for (const r of requests) {
    const res = await reader.search({ q: r.q, type: r.type, size: 10 });
    out.push({ total: res.total, hits: res.hits.map((h) => ({ url: h.url, score: h.score, excerpt: h.excerpt })) });
  }
}
process.stdout.write(JSON.stringify(out));
