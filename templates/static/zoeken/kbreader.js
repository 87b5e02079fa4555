// kbreader.js — reads the pieces of the site's Bleve index that kb build
// writes to zoeken/lezer/ and searches them as `kb search` does: the same
// analysis, the same query, the same scores (Bleve's tf-idf with its query
// norm and coordination factor, see docs/search-reader.md) and the same
// order. It fetches only what a query needs: the manifest, the dictionary
// shards of the query's first letters, the postings of its terms (by
// range) and the stored fields of the hits it returns.
//
// An ES module without dependencies or build step:
//
//   import { openReader } from "./kbreader.js";
//   const r = await openReader(fetchPiece);   // fetchPiece(name, offset, length) → Uint8Array
//   const res = await r.search({ q: "vraagver", size: 10, type: "element" });

const enc = new TextEncoder();
const dec = new TextDecoder();

// ---------------------------------------------------------------- analysis

// fold lower-cases text and removes diacritics (slug.Fold): "Cliënt" → "client".
export function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
}

const segmenter = new Intl.Segmenter("nl", { granularity: "word" });

// utf8Len is the length of s in UTF-8 bytes.
function utf8Len(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

// tokenize splits text into words as Bleve's unicode tokenizer does
// (Unicode word boundaries; letters, numbers and ideographs only), each
// with its position, counting from 1, and where it starts and ends in
// the text's UTF-8 bytes.
export function tokenize(text) {
  const out = [];
  let pos = 1, at = 0;
  for (const s of segmenter.segment(text)) {
    const n = utf8Len(s.segment);
    if (s.isWordLike) out.push({ term: s.segment, pos: pos++, start: at, end: at + n });
    at += n;
  }
  return out;
}

// The Dutch Snowball stemmer, on the word's UTF-8 bytes as the Go
// implementation (github.com/blevesearch/snowballstem/dutch) works.
const V = new Set([0x61, 0x65, 0x69, 0x6f, 0x75, 0x79, 0xe8]); // a e i o u y è
const V_I = new Set([...V, 0x49]); // and I
const V_J = new Set([...V, 0x6a]); // and j

function runeAt(b, i) {
  const c = b[i];
  if (c < 0x80) return [c, 1];
  if (c >= 0xf0) return [((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63), 4];
  if (c >= 0xe0) return [((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63), 3];
  return [((c & 31) << 6) | (b[i + 1] & 63), 2];
}
function runeStart(b, i) {
  while (i > 0 && (b[i] & 0xc0) === 0x80) i--;
  return i;
}

class Stemmer {
  constructor(word) {
    this.b = Array.from(enc.encode(word));
    this.c = 0;
  }
  get limit() { return this.b.length; }
  next() { const [, w] = runeAt(this.b, this.c); this.c += w; }
  prev() { this.c = runeStart(this.b, this.c - 1); }
  inG(set) { // forward: the rune at the cursor is in set
    if (this.c >= this.limit) return false;
    const [r, w] = runeAt(this.b, this.c);
    if (!set.has(r)) return false;
    this.c += w;
    return true;
  }
  outG(set) {
    if (this.c >= this.limit) return false;
    const [r, w] = runeAt(this.b, this.c);
    if (set.has(r)) return false;
    this.c += w;
    return true;
  }
  outGB(set, lb = 0) { // backward: the rune before the cursor is not in set
    if (this.c <= lb) return false;
    const s = runeStart(this.b, this.c - 1);
    const [r] = runeAt(this.b, s);
    if (set.has(r)) return false;
    this.c = s;
    return true;
  }
  eqB(str) { // backward: the bytes before the cursor are str
    const s = enc.encode(str);
    if (this.c < s.length) return false;
    for (let i = 0; i < s.length; i++) if (this.b[this.c - s.length + i] !== s[i]) return false;
    this.c -= s.length;
    return true;
  }
  amongB(list) { // backward: the longest of list ending at the cursor, or ""; the cursor stays
    let best = "";
    for (const s of list) {
      if (s.length > best.length && this.eqB(s)) {
        this.c += enc.encode(s).length;
        best = s;
      }
    }
    return best;
  }
  replace(bra, ket, str) {
    const s = Array.from(enc.encode(str));
    this.b.splice(bra, ket - bra, ...s);
    return s.length - (ket - bra);
  }
}

const ACCENTS = { "á": "a", "ä": "a", "é": "e", "ë": "e", "í": "i", "ï": "i", "ó": "o", "ö": "o", "ú": "u", "ü": "u" };
const ACCENT_BYTES = Object.entries(ACCENTS).map(([k, v]) => [Array.from(enc.encode(k)), v]);

export function stem(word) {
  const z = new Stemmer(word);
  // prelude: accents off; y at the start, and i and y after a vowel, as consonants (I, Y)
  z.c = 0;
  for (;;) {
    const m = ACCENT_BYTES.find(([k]) => k.every((x, i) => z.b[z.c + i] === x));
    if (m) {
      z.replace(z.c, z.c + m[0].length, m[1]);
      z.c += 1;
      continue;
    }
    if (z.c >= z.limit) break;
    z.next();
  }
  z.c = 0;
  if (z.b[0] === 0x79) z.b[0] = 0x59;
  outer: for (;;) {
    for (;;) {
      const v5 = z.c;
      let found = false;
      if (z.inG(V)) {
        const bra = z.c;
        if (z.b[z.c] === 0x69) {
          z.c++;
          if (z.inG(V)) { z.b[bra] = 0x49; found = true; }
        }
        if (!found) {
          z.c = bra;
          if (z.b[z.c] === 0x79) { z.b[bra] = 0x59; found = true; }
        }
      }
      z.c = v5;
      if (found) break;
      if (z.c >= z.limit) break outer;
      z.next();
    }
  }
  // mark_regions
  let p1 = z.limit, p2 = z.limit;
  z.c = 0;
  regions: {
    const gopast = (f) => { for (;;) { if (f()) return true; if (z.c >= z.limit) return false; z.next(); } };
    if (!gopast(() => z.inG(V)) || !gopast(() => z.outG(V))) break regions;
    p1 = z.c;
    if (p1 < 3) p1 = 3;
    if (!gopast(() => z.inG(V)) || !gopast(() => z.outG(V))) break regions;
    p2 = z.c;
  }
  // standard_suffix, backwards
  const R1 = () => p1 <= z.c;
  const R2 = () => p2 <= z.c;
  let eFound = false;
  const del = (bra, ket) => { z.replace(bra, ket, ""); };
  const undouble = () => {
    const c0 = z.c;
    if (!z.amongB(["kk", "dd", "tt"])) return false;
    z.c = c0;
    const ket = z.c;
    if (z.c <= 0) return false;
    z.prev();
    del(z.c, ket);
    return true;
  };
  const eEnding = () => {
    eFound = false;
    const ket = z.c;
    if (!z.eqB("e")) return false;
    const bra = z.c;
    if (!R1()) return false;
    const c0 = z.c;
    if (!z.outGB(V)) return false;
    z.c = c0;
    del(bra, ket);
    eFound = true;
    return undouble();
  };
  const enEnding = (bra, ket) => {
    if (!R1()) return false;
    const c0 = z.c;
    if (!z.outGB(V)) return false;
    z.c = c0;
    if (z.eqB("gem")) return false;
    z.c = c0;
    del(bra, ket);
    return undouble();
  };
  z.c = z.limit;
  {
    const ket = z.c;
    const s = z.amongB(["heden", "ene", "se", "en", "s"]);
    if (s) {
      z.c -= enc.encode(s).length;
      const bra = z.c;
      if (s === "heden") {
        if (R1()) z.replace(bra, ket, "heid");
      } else if (s === "en" || s === "ene") {
        enEnding(bra, ket);
      } else if (R1() && z.outGB(V_J)) {
        del(bra, ket);
      }
    }
  }
  z.c = z.limit;
  eEnding();
  z.c = z.limit;
  heid: {
    let ket = z.c;
    if (!z.eqB("heid")) break heid;
    let bra = z.c;
    if (!R2()) break heid;
    const c0 = z.c;
    if (z.eqB("c")) break heid;
    z.c = c0;
    del(bra, ket);
    ket = z.c;
    if (!z.eqB("en")) break heid;
    bra = z.c;
    enEnding(bra, ket);
  }
  z.c = z.limit;
  d: {
    const ket = z.c;
    const s = z.amongB(["end", "ig", "ing", "lijk", "baar", "bar"]);
    if (!s) break d;
    z.c -= enc.encode(s).length;
    const bra = z.c;
    if (s === "end" || s === "ing") {
      if (!R2()) break d;
      del(bra, ket);
      const c0 = z.c;
      ig: {
        const k2 = z.c;
        if (!z.eqB("ig")) break ig;
        const b2 = z.c;
        if (!R2()) break ig;
        const c1 = z.c;
        if (z.eqB("e")) break ig;
        z.c = c1;
        del(b2, k2);
        break d;
      }
      z.c = c0;
      undouble();
    } else if (s === "ig") {
      if (!R2()) break d;
      const c0 = z.c;
      if (z.eqB("e")) break d;
      z.c = c0;
      del(bra, ket);
    } else if (s === "lijk") {
      if (!R2()) break d;
      del(bra, ket);
      eEnding();
    } else if (s === "baar") {
      if (R2()) del(bra, ket);
    } else if (s === "bar") {
      if (R2() && eFound) del(bra, ket);
    }
  }
  z.c = z.limit;
  undoubleVowel: {
    if (!z.outGB(V_I)) break undoubleVowel;
    const c0 = z.c;
    const s = z.amongB(["aa", "ee", "oo", "uu"]);
    if (!s) break undoubleVowel;
    z.c -= 2;
    if (!z.outGB(V)) break undoubleVowel;
    z.c = c0;
    const ket = z.c;
    if (z.c <= 0) break undoubleVowel;
    z.prev();
    del(z.c, ket);
  }
  // postlude
  for (let i = 0; i < z.b.length; i++) {
    if (z.b[i] === 0x59) z.b[i] = 0x79;
    else if (z.b[i] === 0x49) z.b[i] = 0x69;
  }
  return dec.decode(new Uint8Array(z.b));
}

// Analyzer is the index's analysis: kb_nl (words, lower case, folded, stop
// words out, stemmed, and a term for each known word group) and, without
// the groups, the words analyzer.
export class Analyzer {
  constructor(manifest) {
    this.stop = new Set(manifest.stopWords);
    this.groups = new Map(); // first word → groups' words
    for (const g of manifest.groups) {
      const words = g.split(" ");
      if (!this.groups.has(words[0])) this.groups.set(words[0], []);
      this.groups.get(words[0]).push(words);
    }
    this.memo = new Map();
  }
  stem(t) {
    let s = this.memo.get(t);
    if (s === undefined) { s = stem(t); this.memo.set(t, s); }
    return s;
  }
  // words gives the terms of text with their positions, without groups.
  words(text) {
    const out = [];
    for (const t of tokenize(text)) {
      const term = fold(t.term);
      if (this.stop.has(term)) continue;
      out.push({ term: this.stem(term), pos: t.pos, start: t.start, end: t.end });
    }
    return out;
  }
  // tokens gives the tokens of text as kb_nl makes them, with where they
  // stand in its UTF-8 bytes: the words, then a token for each group
  // whose words stand side by side, from its first word to its last.
  tokens(text) {
    const toks = this.words(text);
    const out = toks.slice();
    const n = toks.length;
    for (let i = 0; i < n; i++) {
      for (const g of this.groups.get(toks[i].term) || []) {
        if (i + g.length > n) continue;
        let match = true;
        for (let j = 1; j < g.length; j++) {
          const t = toks[i + j];
          if (t.pos !== toks[i].pos + j || t.term !== g[j]) { match = false; break; }
        }
        if (match) out.push({ term: g.join(" "), pos: toks[i].pos, start: toks[i].start, end: toks[i + g.length - 1].end });
      }
    }
    return out;
  }
  // analyze gives the terms of text as kb_nl indexes them: the words, then
  // a term for each group whose words stand side by side.
  analyze(text) {
    const toks = this.words(text);
    const out = toks.map((t) => t.term);
    const n = toks.length;
    for (let i = 0; i < n; i++) {
      for (const g of this.groups.get(toks[i].term) || []) {
        if (i + g.length > n) continue;
        let match = true;
        for (let j = 1; j < g.length; j++) {
          const t = toks[i + j];
          if (t.pos !== toks[i].pos + j || t.term !== g[j]) { match = false; break; }
        }
        if (match) out.push(g.join(" "));
      }
    }
    return out;
  }
  // groupTerm is the term of a word group, or "" for fewer than two words.
  groupTerm(text) {
    const w = this.words(text).map((t) => t.term);
    return w.length < 2 ? "" : w.join(" ");
  }
}

// ---------------------------------------------------------------- scoring

// Bleve's searchers, ported for their arithmetic and their order of
// visiting, so that each score is the same sum of the same products in the
// same order. A match is { ord, score }; ordinals order documents as Bleve's
// IDs do.

class TermSearcher {
  constructor(postings, count, docTotal, boost) {
    this.p = postings; // { ords, freqs, lens }
    this.cnt = count;
    this.boost = boost;
    this.idf = 1.0 + Math.log(docTotal / (count + 1.0));
    this.queryWeight = 1.0;
    this.i = 0;
  }
  count() { return this.cnt; }
  weight() { const s = this.boost * this.idf; return s * s; }
  setQueryNorm(q) { this.queryWeight = this.boost * this.idf * q; }
  match(i) {
    const tf = Math.sqrt(this.p.freqs[i]);
    const norm = Math.fround(1.0 / Math.sqrt(this.p.lens[i]));
    let score = tf * norm * this.idf;
    if (this.queryWeight !== 1.0) score = score * this.queryWeight;
    return { ord: this.p.ords[i], score };
  }
  next() {
    if (this.i >= this.p.ords.length) return null;
    return this.match(this.i++);
  }
  advance(ord) {
    let lo = this.i, hi = this.p.ords.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (this.p.ords[m] < ord) lo = m + 1; else hi = m; }
    this.i = lo;
    return this.next();
  }
}

class MatchNoneSearcher {
  count() { return 0; }
  weight() { return 0; }
  setQueryNorm() {}
  next() { return null; }
  advance() { return null; }
}

// sortByCount is Go's sort.Sort of an OrderedSearcherList: for up to 12
// searchers an insertion sort, which keeps equal counts in their order.
function sortByCount(list) {
  const a = list.slice();
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && a[j].count() < a[j - 1].count(); j--) [a[j], a[j - 1]] = [a[j - 1], a[j]];
  }
  return a;
}

function queryNorm(searchers) {
  let sum = 0.0;
  for (const s of searchers) sum += s.weight();
  const q = 1.0 / Math.sqrt(sum);
  for (const s of searchers) s.setQueryNorm(q);
}

class ConjunctionSearcher {
  constructor(searchers) {
    this.s = sortByCount(searchers);
    this.currs = new Array(this.s.length).fill(null);
    this.maxIdx = 0;
    this.init = false;
    queryNorm(this.s);
  }
  count() { let n = 0; for (const s of this.s) n += s.count(); return n; }
  weight() { let w = 0.0; for (const s of this.s) w += s.weight(); return w; }
  setQueryNorm(q) { for (const s of this.s) s.setQueryNorm(q); }
  start() { for (let i = 0; i < this.s.length; i++) this.currs[i] = this.s[i].next(); this.init = true; }
  next() {
    if (!this.init) this.start();
    const c = this.currs;
    outer: while (this.maxIdx < c.length && c[this.maxIdx] !== null) {
      let maxOrd = c[this.maxIdx].ord;
      let i = 0;
      while (i < c.length) {
        if (c[i] === null) return null;
        if (i === this.maxIdx) { i++; continue; }
        if (maxOrd === c[i].ord) { i++; continue; }
        if (maxOrd < c[i].ord) {
          this.maxIdx = i;
          maxOrd = c[i].ord;
          for (let x = 0; x < i; x++) c[x] = this.s[x].advance(maxOrd);
          continue outer;
        }
        c[i] = this.s[i].advance(maxOrd);
      }
      let sum = 0.0;
      for (const m of c) sum += m.score;
      const rv = { ord: c[0].ord, score: sum };
      for (let k = 0; k < this.s.length; k++) c[k] = this.s[k].next();
      return rv;
    }
    return null;
  }
  advance(ord) {
    if (!this.init) this.start();
    for (let i = 0; i < this.s.length; i++) {
      if (this.currs[i] !== null && this.currs[i].ord >= ord) continue;
      this.currs[i] = this.s[i].advance(ord);
    }
    return this.next();
  }
}

function coordScore(matching, total) {
  let sum = 0.0;
  for (const m of matching) sum += m.score;
  const coord = matching.length / total;
  return { ord: matching[0].ord, score: sum * coord };
}

class DisjunctionSliceSearcher {
  constructor(searchers) {
    this.s = sortByCount(searchers);
    this.currs = new Array(this.s.length).fill(null);
    this.matching = [];
    this.idxs = [];
    this.init = false;
    queryNorm(this.s);
  }
  count() { let n = 0; for (const s of this.s) n += s.count(); return n; }
  weight() { let w = 0.0; for (const s of this.s) w += s.weight(); return w; }
  setQueryNorm(q) { for (const s of this.s) s.setQueryNorm(q); }
  start() { for (let i = 0; i < this.s.length; i++) this.currs[i] = this.s[i].next(); this.update(); this.init = true; }
  update() {
    this.matching = [];
    this.idxs = [];
    for (let i = 0; i < this.currs.length; i++) {
      const c = this.currs[i];
      if (c === null) continue;
      if (this.matching.length > 0) {
        if (c.ord > this.matching[0].ord) continue;
        if (c.ord < this.matching[0].ord) { this.matching = []; this.idxs = []; }
      }
      this.matching.push(c);
      this.idxs.push(i);
    }
  }
  next() {
    if (!this.init) this.start();
    if (this.matching.length === 0) return null;
    const rv = coordScore(this.matching, this.s.length);
    for (const i of this.idxs) this.currs[i] = this.s[i].next();
    this.update();
    return rv;
  }
  advance(ord) {
    if (!this.init) this.start();
    for (let i = 0; i < this.s.length; i++) {
      if (this.currs[i] !== null && this.currs[i].ord >= ord) continue;
      this.currs[i] = this.s[i].advance(ord);
    }
    this.update();
    return this.next();
  }
}

// DisjunctionHeapSearcher: over ten searchers, Bleve keeps them in a heap
// (Go's container/heap) and adds up a document's matches in the order it
// pops them.
class DisjunctionHeapSearcher {
  constructor(searchers) {
    this.s = searchers; // not sorted
    this.heap = [];
    this.matching = []; // entries { s, curr }
    this.init = false;
    queryNorm(this.s);
  }
  count() { let n = 0; for (const s of this.s) n += s.count(); return n; }
  weight() { let w = 0.0; for (const s of this.s) w += s.weight(); return w; }
  setQueryNorm(q) { for (const s of this.s) s.setQueryNorm(q); }
  less(i, j) { return this.heap[i].curr.ord < this.heap[j].curr.ord; }
  swap(i, j) { const h = this.heap; [h[i], h[j]] = [h[j], h[i]]; }
  up(j) {
    for (;;) {
      const i = Math.trunc((j - 1) / 2);
      if (i === j || !this.less(j, i)) break;
      this.swap(i, j);
      j = i;
    }
  }
  down(i0, n) {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(j2, j1)) j = j2;
      if (!this.less(j, i)) break;
      this.swap(i, j);
      i = j;
    }
    return i > i0;
  }
  push(e) { this.heap.push(e); this.up(this.heap.length - 1); }
  pop() {
    const n = this.heap.length - 1;
    this.swap(0, n);
    this.down(0, n);
    return this.heap.pop();
  }
  start() {
    for (const s of this.s) {
      const curr = s.next();
      if (curr !== null) this.push({ s, curr });
    }
    this.update();
    this.init = true;
  }
  update() {
    this.matching = [];
    if (this.heap.length > 0) {
      let e = this.pop();
      this.matching.push(e);
      while (this.heap.length > 0 && e.curr.ord === this.heap[0].curr.ord) {
        e = this.pop();
        this.matching.push(e);
      }
    }
  }
  next() {
    if (!this.init) this.start();
    if (this.matching.length === 0) return null;
    const rv = coordScore(this.matching.map((e) => e.curr), this.s.length);
    for (const e of this.matching) {
      const curr = e.s.next();
      if (curr !== null) { e.curr = curr; this.push(e); }
    }
    this.update();
    return rv;
  }
  advance(ord) {
    if (!this.init) this.start();
    for (const e of this.matching) this.push(e);
    this.matching = [];
    const moved = [];
    while (this.heap.length > 0 && this.heap[0].curr.ord < ord) {
      const e = this.pop();
      const curr = e.s.advance(ord);
      if (curr !== null) { e.curr = curr; moved.push(e); }
    }
    for (const e of moved) this.push(e);
    this.update();
    return this.next();
  }
}

function disjunction(searchers) {
  return searchers.length > 10 ? new DisjunctionHeapSearcher(searchers) : new DisjunctionSliceSearcher(searchers);
}

// levenshtein is Bleve's LevenshteinDistanceMax on UTF-8 bytes: the
// distance, or -1 when it is over max.
function levenshtein(a, b, max) {
  const la = a.length, lb = b.length;
  const ld = Math.abs(la - lb);
  if (ld > max) return -1;
  if (la === 0 || lb === 0) return ld;
  const d = new Array(la + 1);
  for (let i = 1; i <= la; i++) d[i] = i;
  for (let i = 1; i <= lb; i++) {
    d[0] = i;
    let lastdiag = i - 1;
    let rowmin = max + 1;
    for (let j = 1; j <= la; j++) {
      const olddiag = d[j];
      let min = d[j] + 1;
      if (d[j - 1] + 1 < min) min = d[j - 1] + 1;
      const temp = a[j - 1] === b[i - 1] ? 0 : 1;
      if (lastdiag + temp < min) min = lastdiag + temp;
      if (min < rowmin) rowmin = min;
      d[j] = min;
      lastdiag = olddiag;
    }
    if (rowmin > max) return -1;
  }
  return d[la] <= max ? d[la] : -1;
}

// runes counts the code points of s.
function runes(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// fuzziness is how many letters a near miss of a unit may differ (Go:
// fuzziness in query.go).
function fuzziness(text) {
  if (text.includes(" ")) return 0;
  const n = runes(text);
  return n >= 8 ? 2 : n >= 5 ? 1 : 0;
}

// typing: the last unit, of three or more letters, is matched as a prefix.
function typing(u, last) {
  return last && runes(u.text) >= 3;
}

// ---------------------------------------------------------------- the query's size

// A query is cut to its first MAX_QUERY_RUNES characters (code points),
// and of those to the first MAX_QUERY_WORDS words (stop words included),
// as Index.Search does (search.MaxQueryRunes, search.MaxQueryWords).
export const MAX_QUERY_RUNES = 1000;
export const MAX_QUERY_WORDS = 32;

// queryWords gives the words of a query the search uses, and whether it
// was cut.
export function queryWords(q) {
  let cut = false;
  if (q.length > MAX_QUERY_RUNES) {
    let n = 0, i = 0;
    for (const c of q) {
      if (n === MAX_QUERY_RUNES) { cut = true; break; }
      n++;
      i += c.length;
    }
    q = q.slice(0, i);
  }
  const words = fold(q).split(/[^\p{L}\p{Nd}]+/u).filter((w) => w !== "");
  if (words.length > MAX_QUERY_WORDS) {
    cut = true;
    words.length = MAX_QUERY_WORDS;
  }
  return { words, cut };
}

// ---------------------------------------------------------------- excerpts

// The excerpt of a hit, as Index.Search makes it (internal/search,
// highlight.go and results in query.go): the hit's stored fields are
// analysed again, the words the query matched are found with the query's
// rules, and Bleve's simple highlighter (fragments of 180 characters,
// <mark>, " … " between) picks and marks the best fragment. All offsets
// are in UTF-8 bytes, as in Go.

const FRAGMENT_SIZE = 180;
const RUNE_ERROR = 0xfffd;

// decodeRune is Go's utf8.DecodeRune at i: [rune, size].
function decodeRune(b, i) {
  if (i >= b.length) return [RUNE_ERROR, 0];
  return runeAt(b, i);
}

// decodeLastRune is Go's utf8.DecodeLastRune of b[0:end].
function decodeLastRune(b, end) {
  if (end <= 0) return [RUNE_ERROR, 0];
  const s = runeStart(b, end - 1);
  return [runeAt(b, s)[0], end - s];
}

function runeCountBytes(b, from, to) {
  let n = 0;
  for (let i = from; i < to; i++) if ((b[i] & 0xc0) !== 0x80) n++;
  return n;
}

// fragments is Bleve's simple fragmenter: a fragment around each
// location, ot ordered by start.
function fragments(b, ot, size) {
  const rv = [];
  let maxbegin = 0;
  outer: for (let k = 0; k < ot.length; k++) {
    const tl = ot[k];
    let start = tl.start, end = start, used = 0;
    while (end < b.length && used < size) {
      const [r, n] = decodeRune(b, end);
      if (r === RUNE_ERROR) continue outer;
      end += n;
      used++;
    }
    while (start > 0 && used < size) {
      if (start > b.length) continue outer;
      const [r, n] = decodeLastRune(b, start);
      if (r === RUNE_ERROR) continue outer;
      if (start - n >= maxbegin) { start -= n; used++; } else break;
    }
    let minend = end;
    for (let j = k; j < ot.length; j++) {
      if (ot[j].end > end) break;
      minend = ot[j].end;
    }
    let room = runeCountBytes(b, minend, end);
    let roomStart = 0;
    if (start >= maxbegin) roomStart = runeCountBytes(b, maxbegin, start);
    if (roomStart < room) room = roomStart;
    let offset = Math.trunc(room / 2);
    while (offset > 0) {
      let [r, n] = decodeLastRune(b, start);
      if (r === RUNE_ERROR) continue outer;
      start -= n;
      [r, n] = decodeLastRune(b, end);
      if (r === RUNE_ERROR) continue outer;
      end -= n;
      offset--;
    }
    rv.push({ start: start - offset, end: end - offset });
    maxbegin = tl.end;
  }
  return rv;
}

// escapeHTML is Go's html.EscapeString.
const ESC = { "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", '"': "&#34;" };
export function escapeHTML(s) {
  return s.replace(/[&'<>"]/g, (c) => ESC[c]);
}

// trimSpace is Go's strings.TrimSpace (unicode.IsSpace).
const SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const TRIM = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
function trimSpace(s) {
  return s.replace(TRIM, "");
}

// highlight gives Bleve's best fragment of the text b (UTF-8) with the
// matched locations, each { term, start, end }, marked.
function highlight(b, locs) {
  const ot = locs.map((l) => ({ term: l.term, start: l.start, end: l.end }));
  ot.sort((x, y) => x.start - y.start); // starts are unique (see Reader.locate)
  const frags = fragments(b, ot, FRAGMENT_SIZE);
  // The score of a fragment: how many different terms have a location in
  // it. The best is the first with the highest score (Go's container/heap
  // with a strict "greater": an equal score never rises above the first).
  let best = null;
  for (const f of frags) {
    const terms = new Set();
    for (const l of locs) if (l.start >= f.start && l.end <= f.end) terms.add(l.term);
    f.score = terms.size;
    if (best === null || f.score > best.score) best = f;
  }
  if (best === null) return "";
  // MergeOverlapping: the locations that overlap the first one end it
  // where they end.
  let first = null;
  for (let i = 0; i < ot.length; i++) {
    const tl = ot[i];
    if (first === null) first = tl;
    else if ((tl.start >= first.start && tl.start < first.end) || (first.start >= tl.start && first.start < tl.end)) {
      first.end = tl.end;
      ot[i] = null;
    }
  }
  const text = (from, to) => escapeHTML(dec.decode(b.subarray(from, to)));
  let out = best.start !== 0 ? " … " : "";
  let curr = best.start;
  for (const tl of ot) {
    if (tl === null || tl.start < curr) continue;
    if (tl.end > best.end) break;
    out += text(curr, tl.start) + "<mark>" + text(tl.start, tl.end) + "</mark>";
    curr = tl.end;
  }
  out += text(curr, best.end);
  if (best.end !== b.length) out += " … ";
  return out;
}

// clip shortens s to about n characters at a word boundary (Go: clip).
function clip(s, n) {
  const r = Array.from(s);
  if (r.length <= n) return s;
  let cut = r.slice(0, n).join("");
  const i = cut.lastIndexOf(" ");
  if (i >= 0 && utf8Len(cut.slice(0, i)) > Math.trunc(n / 2)) cut = cut.slice(0, i);
  return cut + " …";
}

// ---------------------------------------------------------------- pieces

function uvarint(b, pos) {
  let x = 0, s = 1;
  for (;;) {
    if (pos.i >= b.length) throw new Error("kapotte postings");
    const c = b[pos.i++];
    x += (c & 0x7f) * s;
    if (c < 0x80) return x;
    s *= 128;
  }
}

// The keys of the dictionary shards (internal/search/pieces.go): exact
// lookups by FNV-1a of the term's bytes, near misses by first letter and
// length in bytes, prefixes by the first two letters.
function termHash(term) {
  let h = 0x811c9dc5;
  for (const b of enc.encode(term)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}
function nearKey(cp, len) {
  return cp.toString(16) + "-" + len;
}
function prefixKey(term) {
  const [a, b] = Array.from(term);
  return b === undefined ? "" : a.codePointAt(0).toString(16) + "-" + b.codePointAt(0).toString(16);
}
// cmpBytes orders terms as their UTF-8 bytes (the dictionary's order).
function cmpBytes(a, b) {
  const x = enc.encode(a), y = enc.encode(b);
  for (let i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// ---------------------------------------------------------------- reader

// IndexError is what the reader throws when a piece is missing, short or
// not what it should be, or cannot be fetched: the index cannot be read.
// Every error of openReader and Reader.search is one.
export class IndexError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "IndexError";
  }
}

// asIndexError gives e as an IndexError.
function asIndexError(e) {
  return e instanceof IndexError ? e : new IndexError("de zoekindex is onleesbaar: " + (e && e.message ? e.message : String(e)), { cause: e });
}

// checkedFetch wraps fetchPiece: it asks only for pieces with a plain name
// and for sane ranges, and gives exactly the bytes asked for, or throws
// an IndexError.
function checkedFetch(fetchPiece) {
  return async (name, offset, length) => {
    if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new IndexError("onbekend stuk van de zoekindex");
    if (offset !== undefined) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
        throw new IndexError("kapotte zoekindex: bereik " + offset + "+" + length + " in " + name);
      }
      if (length === 0) return new Uint8Array(0);
    }
    let b;
    try {
      b = await fetchPiece(name, offset, length);
    } catch (e) {
      throw asIndexError(e);
    }
    if (!(b instanceof Uint8Array)) throw new IndexError("stuk " + name + " niet gekregen");
    if (offset !== undefined && b.length !== length) throw new IndexError("stuk " + name + " is te kort");
    return b;
  };
}

// openReader fetches the manifest and returns a reader. fetchPiece(name,
// offset, length) gives a piece's bytes, or length bytes from offset when
// those are given. It throws an IndexError when the manifest cannot be
// fetched or read.
export async function openReader(fetchPiece) {
  const fetch = checkedFetch(fetchPiece);
  try {
    const m = JSON.parse(dec.decode(await fetch("manifest.json")));
    if (!m || m.version !== 2 || !Array.isArray(m.fields) || !Array.isArray(m.boosts) || !Array.isArray(m.fuzzyFields) ||
      !Array.isArray(m.stopWords) || !Array.isArray(m.synonyms) || !Array.isArray(m.groups) || !Array.isArray(m.stored) ||
      !(m.exact > 0) || !Array.isArray(m.near) || !Array.isArray(m.prefix) || !Array.isArray(m.postings) ||
      !Array.isArray(m.postingsAt) || !(m.docChunk > 0)) {
      throw new IndexError("onbekende zoekindex");
    }
    return new Reader(m, fetch);
  } catch (e) {
    throw asIndexError(e);
  }
}

export class Reader {
  constructor(manifest, fetchPiece) {
    this.m = manifest;
    this.fetch = fetchPiece; // checked (openReader)
    this.a = new Analyzer(manifest);
    this.fieldIdx = new Map(manifest.fields.map((f, i) => [f, i]));
    this.shards = new Map(); // piece name → Promise<{ rows, byTerm }>
    this.dicts = new Map(); // piece name → { rows }, once fetched
    this.terms = new Map(); // term → field number → [count, offset, length], from every fetched shard
    this.near = new Set(manifest.near);
    this.prefix = new Set(manifest.prefix);
    this.postings = new Map(); // key "field\0term" → postings
    this.docs = new Map(); // ordinal → Promise of its stored fields
    this.offsets = new Map(); // pack number → Promise of its whole offsets piece, where fetched whole
  }

  // shard fetches a dictionary shard by its piece name, once, and adds its
  // rows to the terms known.
  shard(name) {
    if (!this.shards.has(name)) {
      this.shards.set(name, this.fetch(name).then((b) => {
        const rows = JSON.parse(dec.decode(b));
        if (!Array.isArray(rows)) throw new Error("kapotte zoekindex");
        for (const r of rows) {
          if (!Array.isArray(r)) throw new Error("kapotte zoekindex");
          let fields = this.terms.get(r[0]);
          if (!fields) this.terms.set(r[0], (fields = new Map()));
          for (let i = 1; i + 3 < r.length; i += 4) fields.set(r[i], [r[i + 1], r[i + 2], r[i + 3]]);
        }
        const d = { rows };
        this.dicts.set(name, d);
        return d;
      }));
    }
    return this.shards.get(name);
  }

  // exactShard, nearShard and prefixShard name the shard a lookup needs,
  // or null when there is none.
  exactShard(term) { return "h-" + (termHash(term) % this.m.exact) + "." + this.m.dict + ".json"; }
  nearShard(cp, len) { const k = nearKey(cp, len); return this.near.has(k) ? "z-" + k + "." + this.m.dict + ".json" : null; }
  prefixShard(prefix) { const k = prefixKey(prefix); return this.prefix.has(k) ? "a-" + k + "." + this.m.dict + ".json" : null; }

  // rows gives the rows of a fetched shard (none for null).
  rows(name) {
    const d = name && this.dicts.get(name);
    return d ? d.rows : [];
  }

  // entry gives [count, offset, length] of term in field, or null: from
  // its exact shard, or for a near miss or a prefix's term (fuzzy fields
  // only) from the shard it was found in.
  entry(term, field) {
    const fields = this.terms.get(term);
    return (fields && fields.get(this.fieldIdx.get(field))) || null;
  }

  // place gives the postings pack that holds an entry's postings and the
  // entry with its offset in that pack: [pack, [count, offset, length]].
  place(e) {
    if (!e || e[1] < 0) return [null, e];
    const at = this.m.postingsAt;
    let lo = 0, hi = at.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (at[mid] <= e[1]) lo = mid; else hi = mid - 1; }
    if (!this.m.postings[lo] || at[lo] > e[1]) throw new Error("kapotte zoekindex");
    return [this.m.postings[lo], [e[0], e[1] - at[lo], e[2]]];
  }

  // load fetches the postings of the given (shard, term, field) list, by
  // range, joining ranges of one piece that lie close together.
  async load(wanted) {
    const byPiece = new Map();
    for (const w of wanted) {
      const k = w.field + "\0" + w.term;
      if (this.postings.has(k) || !w.e || w.e[1] < 0) continue;
      if (!byPiece.has(w.piece)) byPiece.set(w.piece, []);
      byPiece.get(w.piece).push({ k, off: w.e[1], len: w.e[2] });
    }
    const jobs = [];
    for (const [piece, list] of byPiece) {
      list.sort((x, y) => x.off - y.off);
      let run = [list[0]];
      const flush = (run) => {
        const start = run[0].off;
        const end = Math.max(...run.map((r) => r.off + r.len));
        jobs.push(this.fetch(piece, start, end - start).then((b) => {
          if (b.length < end - start) throw new Error("kapotte postings");
          for (const r of run) this.postings.set(r.k, decodePostings(b.subarray(r.off - start, r.off - start + r.len)));
        }));
      };
      for (const r of list.slice(1)) {
        const last = run[run.length - 1];
        if (r.off <= last.off + last.len + 2048) run.push(r);
        else { flush(run); run = [r]; }
      }
      flush(run);
    }
    await Promise.all(jobs);
  }

  // ---- the query, as Search builds it (internal/search/query.go)

  units(q) {
    const { words } = queryWords(q);
    const syn = this.m.synonyms;
    const out = [];
    for (let i = 0; i < words.length;) {
      let best = -1, bestLen = 0;
      syn.forEach((group, g) => {
        for (const term of group) {
          const tw = fold(term).split(/\s+/u).filter((w) => w !== "");
          if (tw.length > bestLen && i + tw.length <= words.length && words.slice(i, i + tw.length).join(" ") === tw.join(" ")) {
            best = g;
            bestLen = tw.length;
          }
        }
      });
      if (best < 0) {
        if (this.a.analyze(words[i]).length > 0) out.push({ text: words[i], alts: [] });
        i++;
        continue;
      }
      const text = words.slice(i, i + bestLen).join(" ");
      out.push({ text, alts: syn[best].filter((t) => fold(t) !== text) });
      i += bestLen;
    }
    return out;
  }

  // plan turns the query into a tree of nodes, and lists the dictionary
  // shards it needs:
  //   { t: "term", field, term, boost } | { t: "match", field, text, boost }
  //   { t: "fuzzy", field, term, fuzziness, boost } | { t: "prefix", field, prefix, boost }
  //   { t: "and" | "or", kids }
  plan(units) {
    const m = this.m;
    const fieldsQuery = (text, weight) => {
      const kids = [];
      const group = text.includes(" ") ? this.a.groupTerm(text) : "";
      for (const fb of m.boosts) {
        if (group !== "") kids.push({ t: "term", field: fb.field, term: group, boost: fb.boost * weight });
        else kids.push({ t: "match", field: fb.field, terms: this.a.analyze(text), boost: fb.boost * weight });
      }
      return { t: "or", kids };
    };
    return units.map((u, i) => {
      const kids = [fieldsQuery(u.text, 1)];
      for (const alt of u.alts) kids.push(fieldsQuery(alt, m.synonymWeight));
      const f = fuzziness(u.text);
      if (f > 0) {
        for (const term of this.a.analyze(u.text)) {
          for (const field of m.fuzzyFields) kids.push({ t: "fuzzy", field, term, fuzziness: f, boost: m.fuzzyWeight });
        }
      }
      if (typing(u, i === units.length - 1)) {
        for (const field of m.fuzzyFields) kids.push({ t: "prefix", field, prefix: u.text, boost: m.prefixWeight });
      }
      return { t: "or", kids };
    });
  }

  // shardsOf lists the dictionary shards the nodes need: the exact shard
  // of every term, the near-miss shards of the lengths a fuzzy term may
  // have, the prefix shard of a prefix.
  shardsOf(node, names) {
    const add = (n) => { if (n) names.add(n); };
    switch (node.t) {
      case "and": case "or": for (const k of node.kids) this.shardsOf(k, names); break;
      case "match": for (const t of node.terms) add(this.exactShard(t)); break;
      case "term": add(this.exactShard(node.term)); break;
      case "fuzzy": {
        add(this.exactShard(node.term));
        const len = enc.encode(node.term).length, cp = node.term.codePointAt(0);
        for (let l = Math.max(1, len - node.fuzziness); l <= len + node.fuzziness; l++) add(this.nearShard(cp, l));
        break;
      }
      case "prefix": add(this.exactShard(node.prefix)); add(this.prefixShard(node.prefix)); break;
    }
    return names;
  }

  // expand turns fuzzy and prefix nodes into the dictionary's terms, and
  // lists every (term, field) whose postings are needed.
  expand(node, wanted) {
    const need = (field, term) => {
      const [piece, e] = this.place(this.entry(term, field));
      wanted.push({ field, term, e, piece });
      return e;
    };
    switch (node.t) {
      case "and": case "or":
        return { t: node.t, kids: node.kids.map((k) => this.expand(k, wanted)) };
      case "term":
        need(node.field, node.term);
        return node;
      case "match":
        for (const t of node.terms) need(node.field, t);
        return node;
      case "fuzzy": {
        const cp = node.term.codePointAt(0);
        const tb = enc.encode(node.term);
        const cands = [];
        const fi = this.fieldIdx.get(node.field);
        for (let l = Math.max(1, tb.length - node.fuzziness); l <= tb.length + node.fuzziness; l++) {
          for (const r of this.rows(this.nearShard(cp, l))) {
            if (!this.hasField(r, fi)) continue;
            const d = levenshtein(tb, enc.encode(r[0]), node.fuzziness);
            if (d >= 0) cands.push({ term: r[0], d });
          }
        }
        cands.sort((x, y) => cmpBytes(x.term, y.term)); // Bleve's dictionary order
        if (cands.length === 0 || (cands.length === 1 && cands[0].term === node.term)) {
          need(node.field, node.term);
          return { t: "term", field: node.field, term: node.term, boost: node.boost };
        }
        for (const c of cands) need(node.field, c.term);
        return { t: "multi", kids: cands.map((c) => ({ t: "term", field: node.field, term: c.term, boost: node.boost * (1 / (c.d + 1)) })) };
      }
      case "prefix": {
        const fi = this.fieldIdx.get(node.field);
        const terms = [];
        for (const r of this.rows(this.prefixShard(node.prefix))) if (bytesPrefix(r[0], node.prefix) && this.hasField(r, fi)) terms.push(r[0]);
        if (terms.length === 0 || (terms.length === 1 && terms[0] === node.prefix)) {
          need(node.field, node.prefix);
          return { t: "term", field: node.field, term: node.prefix, boost: node.boost };
        }
        for (const t of terms) need(node.field, t);
        return { t: "multi", kids: terms.map((t) => ({ t: "term", field: node.field, term: t, boost: node.boost })) };
      }
    }
    throw new Error("onbekend deel van de zoekvraag");
  }

  hasField(r, fi) {
    for (let i = 1; i < r.length; i += 4) if (r[i] === fi) return true;
    return false;
  }

  // searcher builds Bleve's searcher for an expanded node.
  searcher(node) {
    const N = this.m.docs;
    const term = (field, t, boost) => {
      const e = this.entry(t, field);
      const p = (e && this.postings.get(field + "\0" + t)) || EMPTY;
      return new TermSearcher(p, e ? e[0] : 0, N, boost);
    };
    switch (node.t) {
      case "term": return term(node.field, node.term, node.boost);
      case "match":
        if (node.terms.length === 0) return new MatchNoneSearcher();
        return new ConjunctionSearcher(node.terms.map((t) => term(node.field, t, node.boost)));
      case "and": return node.kids.length ? new ConjunctionSearcher(node.kids.map((k) => this.searcher(k))) : new MatchNoneSearcher();
      case "or": case "multi": return node.kids.length ? disjunction(node.kids.map((k) => this.searcher(k))) : new MatchNoneSearcher();
    }
    throw new Error("onbekend deel van de zoekvraag");
  }

  // collect runs a searcher to the end and keeps the best size matches:
  // score high to low, then ordinal (Bleve: document ID).
  collect(s, size) {
    let total = 0;
    const top = [];
    for (let m = s.next(); m !== null; m = s.next()) {
      total++;
      if (top.length < size || better(m, top[top.length - 1])) {
        let i = top.length;
        while (i > 0 && better(m, top[i - 1])) i--;
        top.splice(i, 0, m);
        if (top.length > size) top.pop();
      }
    }
    return { total, top };
  }

  // search runs a request { q, size, type, element } as Index.Search does
  // and gives { total, hits, words, cut }: each hit has the stored fields,
  // the score and the excerpt (HTML: the text escaped, matches in
  // <mark>); words is how many words and word groups of the query were
  // searched for, cut whether the query was cut to its first
  // MAX_QUERY_WORDS words or MAX_QUERY_RUNES characters. Whatever goes
  // wrong with the pieces, it throws an IndexError.
  async search(req) {
    try {
      return await this.run(req);
    } catch (e) {
      throw asIndexError(e);
    }
  }

  async run(req) {
    const size = req.size > 0 ? Math.min(req.size, 1000) : 10;
    const q = typeof req.q === "string" ? req.q : "";
    const { cut } = queryWords(q);
    const units = this.units(q);
    if (units.length === 0) return { total: 0, hits: [], words: 0, cut };
    const parts = this.plan(units);
    const filters = [];
    if (req.type) filters.push({ t: "term", field: "type", term: req.type, boost: 1 });
    if (req.element) filters.push({ t: "term", field: "elements", term: req.element, boost: 1 });
    const withFilters = (q) => (filters.length ? { t: "and", kids: [q, ...filters] } : q);
    const queries = [withFilters({ t: "and", kids: parts })];
    if (parts.length > 1) queries.push(withFilters({ t: "or", kids: parts }));
    // A site whose documents fit one pack has one small offsets piece
    // (4 bytes a document): fetched now, beside the dictionary, it saves
    // a round trip before the hits' stored fields.
    if (this.m.stored.length === 1 && !this.offsets.has(0)) {
      const p = this.fetch(this.m.stored[0][0]);
      this.offsets.set(0, p);
      p.catch(() => this.offsets.delete(0));
    }
    const names = new Set();
    for (const q of queries) this.shardsOf(q, names);
    await Promise.all([...names].map((n) => this.shard(n)));
    const wanted = [];
    const expanded = queries.map((q) => this.expand(q, wanted));
    await this.load(wanted);
    let f = this.collect(this.searcher(expanded[0]), size);
    if (f.total === 0 && expanded.length > 1) f = this.collect(this.searcher(expanded[1]), size);
    const match = this.matcher(units);
    if (req.lazy) {
      // Each hit as soon as its stored fields are here, in order: the
      // search page shows the first before the others have arrived.
      const ords = f.top.map((m) => m.ord);
      this.docsOf(ords).catch(() => {}); // each hit's own promise reports
      return {
        total: f.total,
        words: units.length,
        cut,
        hits: [],
        pending: f.top.map((m) => {
          const hit = this.docs.get(m.ord).then((d) => this.hitOf(m, d, match), (e) => {
            throw asIndexError(e);
          });
          hit.catch(() => {}); // a page that stops at an earlier failure never reads this one
          return hit;
        }),
      };
    }
    const docs = await this.docsOf(f.top.map((m) => m.ord));
    return {
      total: f.total,
      words: units.length,
      cut,
      hits: f.top.map((m, i) => this.hitOf(m, docs[i], match)),
    };
  }

  // hitOf makes the hit of match m from its stored fields d.
  hitOf(m, d, match) {
    if (!d || typeof d !== "object") throw new IndexError("kapotte zoekindex: opgeslagen velden");
    const str = (k) => (typeof d[k] === "string" ? d[k] : "");
    return { url: str("u"), page: str("p"), title: str("g") || str("t"), section: str("s"), type: str("y"),
      elements: Array.isArray(d.e) ? d.e : [], score: m.score, excerpt: this.excerpt(d, match) };
  }

  // matcher gathers the rules the query matched words by (Go: matcher):
  // the words and their synonyms, exactly, in every field; near misses
  // and the word being typed in the fuzzy fields.
  matcher(units) {
    const exact = new Set(), fuzzy = [], prefix = [];
    units.forEach((u, i) => {
      for (const text of [u.text, ...u.alts]) {
        if (text.includes(" ")) {
          const g = this.a.groupTerm(text);
          if (g !== "") { exact.add(g); continue; } // the group, not its words on their own
        }
        for (const t of this.a.analyze(text)) exact.add(t);
      }
      const f = fuzziness(u.text);
      if (f > 0) {
        for (const t of this.a.analyze(u.text)) fuzzy.push({ term: enc.encode(t), first: t.codePointAt(0), max: f });
      }
      if (typing(u, i === units.length - 1)) prefix.push(u.text);
    });
    const fuzzyFields = new Set(this.m.fuzzyFields);
    return (field, term) => {
      if (exact.has(term)) return true;
      if (!fuzzyFields.has(field)) return false;
      for (const p of prefix) if (term.startsWith(p)) return true;
      const first = term.codePointAt(0);
      let tb = null;
      for (const f of fuzzy) {
        if (first !== f.first) continue;
        if (tb === null) tb = enc.encode(term);
        if (levenshtein(f.term, tb, f.max) >= 0) return true;
      }
      return false;
    };
  }

  // locate finds the tokens of value (the stored text of field) the query
  // matched. A word group starts where its first word does; of
  // locations with the same start only the longest is kept (Go: locate),
  // so that the highlighter's order is never a toss-up.
  locate(match, field, value) {
    const all = [];
    for (const t of this.a.tokens(value)) if (match(field, t.term)) all.push(t);
    const longest = new Map();
    for (const t of all) if (!(longest.get(t.start) >= t.end)) longest.set(t.start, t.end);
    return all.filter((t) => longest.get(t.start) === t.end);
  }

  // excerpt is the hit's excerpt (Go: results): the best fragment with a
  // match of text, summary, section heading or title, else the start of
  // the text or summary.
  excerpt(d, match) {
    const str = (k) => (typeof d[k] === "string" ? d[k] : "");
    for (const [field, key] of [["text", "x"], ["summary", "m"], ["section", "s"], ["title", "t"]]) {
      const value = str(key);
      if (value === "") continue;
      const locs = this.locate(match, field, value);
      if (locs.length === 0) continue;
      const frag = highlight(enc.encode(value), locs);
      if (frag.includes("<mark>")) return trimSpace(frag);
    }
    return escapeHTML(clip(str("x") || str("m"), 180));
  }

  // docsOf gives the stored fields of the documents ords, each fetched
  // once (the next letters typed mostly show the same hits). The ones not
  // yet fetched are read per pack with one range of its offsets piece
  // (from the first to the last of them) and as few ranges of the pack as
  // leave no gap wider than DOC_GAP bytes: on a slow phone a request costs
  // more than a few KB.
  docsOf(ords) {
    const missing = new Map(); // pack number → ordinals
    for (const ord of ords) {
      if (this.docs.has(ord)) continue;
      const n = Math.floor(ord / this.m.docChunk);
      if (!missing.has(n)) missing.set(n, []);
      if (!missing.get(n).includes(ord)) missing.get(n).push(ord);
    }
    for (const [n, list] of missing) {
      const batch = this.fetchPack(n, list);
      for (const ord of list) {
        // Each document's own promise: it settles when its range is here.
        const p = batch.then((m) => m.get(ord));
        this.docs.set(ord, p);
        p.catch(() => this.docs.delete(ord));
      }
    }
    return Promise.all(ords.map((ord) => this.docs.get(ord)));
  }

  // fetchPack fetches the stored fields of the documents list (ordinals
  // of pack n): it gives, once the offsets are read, a promise of each
  // document's fields by ordinal, settled when its range arrives.
  async fetchPack(n, list) {
    const names = this.m.stored[n];
    if (!names) throw new Error("kapotte zoekindex");
    const chunk = this.m.docChunk;
    const idx = list.map((ord) => ord % chunk).sort((a, b) => a - b);
    const lo = idx[0], hi = idx[idx.length - 1];
    // Document i's fields run from offset i to offset i+1.
    let ob;
    if (this.offsets.has(n)) {
      const whole = await this.offsets.get(n);
      if (whole.length < (hi + 2) * 4) throw new Error("kapotte zoekindex");
      ob = whole.subarray(lo * 4, (hi + 2) * 4);
    } else {
      ob = await this.fetch(names[0], lo * 4, (hi - lo + 2) * 4);
    }
    const dv = new DataView(ob.buffer, ob.byteOffset, ob.byteLength);
    const spans = idx.map((i) => {
      const start = dv.getUint32((i - lo) * 4, true), end = dv.getUint32((i - lo + 1) * 4, true);
      if (end < start) throw new Error("kapotte zoekindex");
      return { ord: n * chunk + i, start, end };
    }).sort((a, b) => a.start - b.start);
    const groups = [];
    for (const sp of spans) {
      const g = groups[groups.length - 1];
      if (g && sp.start - g.end <= DOC_GAP) {
        g.spans.push(sp);
        g.end = Math.max(g.end, sp.end);
      } else {
        groups.push({ start: sp.start, end: sp.end, spans: [sp] });
      }
    }
    const out = new Map();
    for (const g of groups) {
      const range = this.fetch(names[1], g.start, g.end - g.start);
      for (const sp of g.spans) {
        out.set(sp.ord, range.then((b) => JSON.parse(dec.decode(b.subarray(sp.start - g.start, sp.end - g.start)))));
      }
    }
    return out;
  }
}

// DOC_GAP is the widest gap between two hits' stored fields that one
// range request reads over rather than asking twice.
const DOC_GAP = 4096;

const EMPTY = { ords: [], freqs: [], lens: [] };

function better(a, b) {
  return a.score > b.score || (a.score === b.score && a.ord < b.ord);
}

function bytesPrefix(term, prefix) {
  // byte order and prefixes agree with code unit prefixes for UTF-8 text
  return term.startsWith(prefix);
}

function decodePostings(b) {
  const ords = [], freqs = [], lens = [];
  const pos = { i: 0 };
  let ord = 0;
  while (pos.i < b.length) {
    ord += uvarint(b, pos);
    ords.push(ord);
    freqs.push(uvarint(b, pos));
    lens.push(uvarint(b, pos));
  }
  return { ords, freqs, lens };
}
