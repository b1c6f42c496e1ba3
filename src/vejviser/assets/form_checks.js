// What `vejviser validate` refuses beyond the schema, checked in the browser too, so that the
// form never says "in order" about a record the coordinator's check would stop. The same rules
// as src/vejviser/validate/content_rules.py and relations.py (the postcode's area); the tests
// drive each one in Chromium and in Python. Written for older Safari: no lookbehind.
import { format } from "./dom.js";

/** Ten digits whose first six are a date (DDMMYY), with or without separators. */
const CPR = /(^|[^0-9])([0-9]{2})[.\-/ ]?([0-9]{2})[.\-/ ]?([0-9]{2})\s*[-\s]?\s*([0-9]{4})(?![0-9])/g;
/** Characters that do nothing visible but can hide or reorder text: C0/C1 controls and bidi overrides. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
/** Link targets in Markdown and HTML: [text](url), [ref]: url, <url>, href=/src= attributes. */
const MARKDOWN_LINK =
  /\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>|(?:[hH][rR][eE][fF]|[sS][rR][cC])\s*=\s*["']?([^"'\s>]+)/gm;
const SAFE_SCHEMES = ["https", "mailto", "tel"];
/** A Danish phone number or an e-mail address in running text. */
const PHONE = /(^|[^0-9])((?:\+45 ?)?(?:[0-9]{2} ?){3}[0-9]{2})(?![0-9])/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Text fields that are published as written. */
const PUBLISHED_TEXT = ["summary", "description", "how", "note", "directions", "price_covers", "text", "role", "name"];

/** Every problem as [path in the record, message]; a path of ["consent"] is the consent box. */
export function contentProblems(record, data, consentGiven) {
  const texts = data.texts;
  const found = [];
  const add = (path, key, values) => found.push([path, format(texts[key], values || {})]);

  for (const [path, text] of strings(record)) {
    const cpr = looksLikeCpr(text);
    if (cpr) add(path, "cpr", { masked: cpr });
    const control = CONTROL.exec(text);
    if (control) add(path, "control_character", { code_point: codePoint(control[0]) });
    const name = path[path.length - 1];
    if (path[0] === "links" && name === "url") linkProblem(text, path, add);
    if ((name === "description" || name === "summary") && /[(<]|\]:/.test(text)) {
      for (const match of allMatches(MARKDOWN_LINK, text)) {
        const target = decodeEntities(match.slice(1).find(Boolean));
        if (/^\s*[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target)) linkProblem(target, path, add);
      }
    }
  }

  const schedule = record.schedule || {};
  const start = time(schedule.start);
  const end = time(schedule.end);
  if (start && end && end <= start) add(["schedule", "end"], "rule.end_before_start", { start, end });
  if (record.venue && ["hjemme", "telefon", "online"].includes(record.form)) add(["venue"], "rule.venue_not_used");
  const cost = record.cost || {};
  if (cost.free === "ja" && cost.price_dkk) add(["cost", "price_dkk"], "rule.price_but_free");

  const postcode = ((record.venue || {}).address || {}).postcode;
  if (typeof postcode === "string" && /^[0-9]{4}$/.test(postcode) && !record.area) {
    const areas = data.postcodes[postcode] || [];
    if (!areas.length) add(["venue", "address", "postcode"], "rule.postcode_unknown", { postcode });
    if (areas.length > 1) {
      const names = areas.map((id) => data.areas[id]).join(", ");
      add(["area"], "rule.postcode_ambiguous", { postcode, areas: names });
    }
  }

  const contacts = Array.isArray(record.contacts) ? record.contacts : [];
  if (!consentGiven && contacts.some((c) => c.consent === "ja")) add(["consent"], "rule.consent_missing");
  refusedContactsInText(record, contacts, consentGiven, add);
  return found;
}

/** Every match of a global pattern (String.matchAll is newer than the iPads we serve). */
function allMatches(pattern, text) {
  const found = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    found.push(match);
    if (match[0] === "") pattern.lastIndex += 1;
  }
  return found;
}

function strings(record) {
  const out = [];
  const walk = (node, path) => {
    if (typeof node === "string") out.push([path, node]);
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, path.concat([i])));
    else if (node && typeof node === "object") for (const key of Object.keys(node)) walk(node[key], path.concat([key]));
  };
  walk(record, []);
  return out;
}

function looksLikeCpr(text) {
  for (const match of allMatches(CPR, text)) {
    const [day, month, year] = match.slice(2, 5).map(Number);
    for (const century of [1900, 2000]) {
      const date = new Date(Date.UTC(century + year, month - 1, day));
      if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return `${match[2]}${match[3]}${match[4]}-XXXX`;
    }
  }
  return null;
}

function codePoint(character) {
  return `U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function decodeEntities(text) {
  const box = document.createElement("textarea");
  box.innerHTML = text; // a textarea's content is text: nothing here is run or loaded
  return box.value;
}

function linkProblem(url, path, add) {
  const trimmed = url.trim();
  const scheme = (/^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed) || [])[1];
  const lower = scheme ? scheme.toLowerCase() : "";
  if (!lower || ((lower === "https" || lower === "http") && !/^[a-zA-Z]+:\/\/[^/?#\s]/.test(trimmed))) {
    add(path, "rule.link_invalid", { url });
  } else if (lower !== "http" && !SAFE_SCHEMES.includes(lower)) {
    add(path, "rule.link_scheme", { url, scheme });
  }
}

/** "8.30" or "8:30" -> "08:30"; "" for anything else (the schema names that). */
function time(text) {
  const match = /^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$/.exec(typeof text === "string" ? text : "");
  return match ? `${match[1].padStart(2, "0")}:${match[2]}` : "";
}

function digits(text) {
  return text.replace(/[^0-9]/g, "").slice(-8);
}

/** A phone number or e-mail address of a contact who did not agree, written in a text that is published. */
function refusedContactsInText(record, contacts, consentGiven, add) {
  const refused = new Map();
  for (const contact of contacts) {
    if (contact.consent === "ja" && consentGiven) continue;
    if (contact.phone) refused.set(digits(contact.phone), contact.name || "");
    if (contact.email) refused.set(contact.email.toLowerCase(), contact.name || "");
  }
  if (!refused.size) return;
  for (const [path, text] of strings(record)) {
    if (path[0] === "contacts" || !PUBLISHED_TEXT.includes(path[path.length - 1])) continue;
    for (const match of allMatches(PHONE, text)) {
      if (refused.has(digits(match[2]))) add(path, "rule.refused_contact", { value: match[2], name: refused.get(digits(match[2])) });
    }
    for (const match of allMatches(EMAIL, text)) {
      const key = match[0].toLowerCase();
      if (refused.has(key)) add(path, "rule.refused_contact", { value: match[0], name: refused.get(key) });
    }
  }
}
