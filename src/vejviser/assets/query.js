// Vejviser search: what the reader typed, understood before Pagefind is asked.
// Pure functions, no DOM: search.js calls understand() with the front page's `words`
// (site/search_words.py: the areas, postcodes and towns, and a vocabulary for "Mente du ...?").
// The index itself knows the citizens' words ("gratis", "rollator") and the synonyms ("bingo" for
// "banko"): they are written into each activity's document at build time, so they need nothing here.

import { format } from "./dom.js";

// Danish letters as someone types them without them: æ ae, ø oe, å aa (and å a, ø o).
// The same as fold() in site/search_words.py.
const DOUBLED = [["aa", "a"], ["ae", "a"], ["oe", "o"]];
// A typed word shorter than this is never corrected ("bio", "it").
const MIN_CORRECTED = 4;
// A vocabulary word shorter than this does not count as the start of a typed word.
const MIN_PREFIX = 4;
// Danish endings: a known word with one of them is that word inflected ("biografen"), not a miss.
const ENDINGS = ["e", "en", "er", "et", "ne", "ene", "erne", "s", "es", "ens", "ets", "ers", "ede", "ende"];
const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** "Måløv", "maaloev" and "malov" all give "malov". */
export function fold(text) {
  let out = String(text).toLowerCase();
  for (const [pair, single] of DOUBLED) out = out.replaceAll(pair, single);
  out = out.replace(/[æå]/g, "a").replace(/ø/g, "o");
  return out.normalize("NFKD").replace(/\p{M}/gu, "");
}

/** Edits (insert, delete, change, swap two neighbours) from `a` to `b`; more than `limit` gives limit + 1. */
export function distance(a, b, limit = Infinity) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

function tokens(text) {
  return fold(text).split(/\s+/).map((t) => t.replace(EDGES, "")).filter(Boolean);
}

// The words prepared once per `words` object (folded names and vocabulary).
const prepared = new WeakMap();

function prepare(words) {
  if (prepared.has(words)) return prepared.get(words);
  const names = [];
  for (const [id, name] of Object.entries(words.areas || {})) names.push({ kind: "area", id, name, tokens: tokens(name) });
  for (const [town, postcode] of Object.entries(words.towns || {})) names.push({ kind: "town", name: town, postcode, tokens: tokens(town) });
  names.sort((x, y) => y.tokens.length - x.tokens.length); // longest first; an area before a town of its name
  const vocabulary = (words.vocabulary || []).map((word) => ({ word, folded: fold(word) }));
  const known = new Set(vocabulary.map((v) => v.folded));
  const ready = { names, vocabulary, known };
  prepared.set(words, ready);
  return ready;
}

function joined(names, and) {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1]}`;
}

// The closest vocabulary word to a folded typed word, within 1 edit (up to 5 letters) or 2; null when
// the word is known, starts a known word, or is too far from every one.
function closest(word, ready) {
  if (word.length < MIN_CORRECTED || !/^\p{L}+$/u.test(word) || ready.known.has(word)) return null;
  for (const v of ready.vocabulary) {
    if (v.folded.startsWith(word)) return null;
    if (v.folded.length >= MIN_PREFIX && word.startsWith(v.folded) && ENDINGS.includes(word.slice(v.folded.length))) return null;
  }
  const limit = word.length <= 5 ? 1 : 2;
  let best = null;
  let bestDistance = limit + 1;
  for (const v of ready.vocabulary) {
    const d = distance(word, v.folded, bestDistance - 1);
    if (d < bestDistance) {
      best = v.word;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The typed text understood with the site's words (the facet data's `words`):
 * - `query`: the free text left for Pagefind (null when nothing is left);
 * - `filters`: extra index filters, {omraade: [area ids]}, for a postcode ("2760"), a town
 *   ("Ballerup") or an area's name however typed ("Måløv", "maaloev", "malov");
 * - `notes`: Danish lines for the status ("Postnummer 2760: Måløv");
 * - `suggestion`: the text with a close miss corrected ("gymnastk" -> "gymnastik"), or null.
 */
export function understand(text, words) {
  const typed = String(text || "").trim().split(/\s+/).filter(Boolean);
  const result = { query: typed.length ? typed.join(" ") : null, filters: {}, notes: [], suggestion: null };
  if (!words || !typed.length) return result;
  const ready = prepare(words);
  const texts = words.texts || {};
  const folded = typed.map((t) => fold(t).replace(EDGES, ""));
  const used = typed.map(() => false);
  const areas = [];
  const add = (ids) => { for (const id of ids) if (!areas.includes(id)) areas.push(id); };
  const namesOf = (ids) => ids.map((id) => words.areas[id] || id);

  for (let i = 0; i < typed.length; i++) {
    if (used[i]) continue;
    if (/^\d{4}$/.test(folded[i]) && words.postcodes && !words.postcodes[folded[i]] && texts.postcode_unknown) {
      // not the municipality's: searched as typed (a record may name it), and said why little is found
      const known = Object.keys(words.postcodes);
      result.notes.push(format(texts.postcode_unknown, { postcode: folded[i], known: joined(known, texts.or || "/") }));
      continue;
    }
    if (/^\d{4}$/.test(folded[i]) && words.postcodes && words.postcodes[folded[i]]) {
      const ids = words.postcodes[folded[i]];
      add(ids);
      used[i] = true;
      result.notes.push(format(texts.postcode || "{postcode}: {areas}", { postcode: folded[i], areas: joined(namesOf(ids), texts.and || "&") }));
      continue;
    }
    for (const name of ready.names) {
      const size = name.tokens.length;
      if (!size || i + size > typed.length) continue;
      const here = folded.slice(i, i + size);
      if (here.some((t, k) => t !== name.tokens[k] || used[i + k])) continue;
      for (let k = 0; k < size; k++) used[i + k] = true;
      if (name.kind === "area") {
        add([name.id]);
        result.notes.push(format(texts.area || "{area}", { area: name.name }));
      } else {
        const ids = words.postcodes[name.postcode] || [];
        add(ids);
        result.notes.push(format(texts.town || "{town}: {areas}", { town: name.name, postcode: name.postcode, areas: joined(namesOf(ids), texts.and || "&") }));
      }
      break;
    }
  }
  if (areas.length) result.filters[words.filter || "omraade"] = areas;
  const left = typed.filter((_, i) => !used[i]);
  result.query = left.length ? left.join(" ") : null;

  let corrected = false;
  const suggested = typed.map((word, i) => {
    if (used[i]) return word;
    const better = closest(folded[i], ready);
    if (better === null) return word;
    corrected = true;
    return better;
  });
  if (corrected) result.suggestion = suggested.join(" ");
  return result;
}
