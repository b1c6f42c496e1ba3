// The form "Tilføj en aktivitet": reads the answers into a record the way `vejviser from-issue`
// reads an issue, checks it against the municipality's schema with ajv (served by the site) and
// against the validator's other rules (form_checks.js), and hands it over as YAML: an e-mail to
// the coordinator, the issue form on GitHub with the answers filled in, or a file to download.
// Nothing leaves the page until the reader sends it. Written for the Safari of older iPads.
import { el, format } from "./dom.js";
import { contentProblems } from "./form_checks.js";

const page = document.querySelector("[data-vv-add]");
if (page && window.ajv7 && window.jsyaml) start(page);

function start(page) {
  const data = JSON.parse(document.getElementById("vv-form-data").textContent);
  const form = page.querySelector("[data-vv-form]");
  const summary = page.querySelector("[data-vv-summary]");
  const done = page.querySelector("[data-vv-done]");
  // verbose: a "not" error then carries the schema it names (a line break, a reserved id)
  const ajv = new window.ajv7({ allErrors: true, strict: false, verbose: true });
  ajv.addFormat("date", { type: "string", validate: isRealDate });
  const validate = ajv.compile(data.schema);
  const ids = idRule(data.schema);
  const taken = takenIds(data.ids_url);
  let download = null;

  page.querySelector("[data-vv-loading]").hidden = true;
  form.hidden = false;
  form.addEventListener("reset", (event) => {
    if (!window.confirm(data.texts.reset_confirm)) {
      event.preventDefault();
      return;
    }
    done.hidden = true; // nothing of the old answers stays on the page
    showProblems(form, summary, new Map(), data);
  });
  remember(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = readForm(form, data.fields, ids);
    validate(read.record);
    const problems = fieldProblems(validate.errors || [], read.record, data);
    for (const [path, message] of contentProblems(read.record, data, read.consent)) {
      const id = path[0] === "consent" ? "consent" : fieldAt(path, data.fields).id;
      if (!problems.has(id)) problems.set(id, message);
    }
    showProblems(form, summary, problems, data);
    if (problems.size) {
      done.hidden = true;
      reveal(summary, summary);
      return;
    }
    taken.then((existing) => {
      download = offer(done, read, data, ids, existing, download);
      done.hidden = false;
      reveal(done, done.querySelector("h2"));
    });
  });
  // A changed answer makes the offered file stale: it is made again from the button.
  form.addEventListener("input", () => {
    done.hidden = true;
  });
  // A name typed for an association not in the list means "another association".
  const organisation = form.querySelector("#vv-f-organisation");
  const other = form.querySelector("#vv-f-organisation-name");
  if (other) {
    other.addEventListener("input", () => {
      if (other.value.trim()) organisation.value = "-";
    });
  }
  page.querySelector("[data-vv-copy]").addEventListener("click", () => copy(page, data.texts));
}

/** Keep the answers in this tab (sessionStorage), so that a trip to the mail program and back,
 *  which can make an iPad reload the page, loses nothing; "Ryd formularen" forgets them. */
function remember(form) {
  const key = "vejviser:ny-aktivitet";
  let store = null;
  try {
    store = window.sessionStorage;
    store.getItem(key);
  } catch (error) {
    return; // storage is off (private browsing in old Safari): the form works without it
  }
  const controls = () => [...form.elements].filter((c) => c.name && c.type !== "submit" && c.type !== "button");
  const saved = JSON.parse(store.getItem(key) || "{}");
  for (const control of controls()) {
    const value = saved[control.name];
    if (value === undefined) continue;
    if (control.type === "checkbox") control.checked = Array.isArray(value) ? value.includes(control.value) : value;
    else control.value = value;
  }
  const save = () => {
    const answers = {};
    for (const control of controls()) {
      if (control.type !== "checkbox") answers[control.name] = control.value;
      else if (control.name === "consent") answers.consent = control.checked;
      else if (control.checked) answers[control.name] = (answers[control.name] || []).concat([control.value]);
    }
    store.setItem(key, JSON.stringify(answers));
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("reset", (event) => {
    if (!event.defaultPrevented) store.removeItem(key);
  });
}

/** The ids of the directory's activities, so that a new file does not take the name of one. */
function takenIds(url) {
  return fetch(url)
    .then((response) => (response.ok ? response.json() : []))
    .catch(() => [])
    .then((ids) => new Set(ids));
}

/** Bring a box to the top of the screen and its reader's focus to it. */
function reveal(box, target) {
  box.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

/** ÅÅÅÅ-MM-DD naming a day that exists, as the validator's date format. */
function isRealDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function today() {
  const now = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** The schema's rule for ids: how long one may be, and the names vejviser keeps for itself. */
function idRule(schema) {
  const definitions = schema.definitions || {};
  return {
    maxLength: (definitions.slug || {}).maxLength || 80,
    reserved: new Set((definitions.reserved_id || {}).enum || []),
  };
}

/** An id from a title, as vejviser's slugify: "Strikke Klub" -> "strikke-klub", "Café" -> "cafe",
 *  "Index" -> "index-1" (a name vejviser keeps for itself). */
function slugify(text, ids) {
  const lower = text.normalize("NFC").toLowerCase();
  const plain = [...lower]
    .map((c) => ("æøå".includes(c) ? c : c.normalize("NFKD").replace(/[^\x00-\x7f]/g, "") || c))
    .join("");
  const slug = plain.replace(/[^a-z0-9æøå]+/g, "-").replace(/^-+|-+$/g, "") || "aktivitet";
  return ids.reserved.has(slug) ? `${slug}-1` : slug;
}

/** A new id: the slug, with -2, -3 ... when the directory has it already (as vejviser's new_record_id). */
function newId(title, ids, taken) {
  const stem = slugify(title, ids).slice(0, ids.maxLength - 4).replace(/-+$/, "") || "aktivitet";
  let id = stem;
  for (let n = 2; taken.has(id); n += 1) id = `${stem}-${n}`;
  return id;
}

// --- reading the answers ---------------------------------------------------------------------

/** The record, the answers in the issue form's words (for the GitHub link), and what else the page needs. */
function readForm(form, fields, ids) {
  const record = {};
  const answers = {};
  let newOrganisation = "";
  for (const f of fields) {
    const read = readField(form, f, ids);
    if (read.value === undefined) continue;
    put(record, f.path, read.value);
    answers[f.id] = read.answer;
    if (read.newName) newOrganisation = read.newName;
  }
  const consent = form.querySelector("#vv-f-consent").checked;
  for (const contact of record.contacts || []) {
    if (contact.consent === "ja" && consent) contact.consent_date = today();
  }
  record.reviewed = today();
  return { record, answers, newOrganisation, consent };
}

function readField(form, f, ids) {
  if (f.kind === "dropdown" && f.multiple) {
    const picked = [...form.querySelectorAll(`input[name="${f.id}"]:checked`)].map((box) => f.options[box.value]);
    if (!picked.length) return {};
    return { value: picked.map((option) => option[0]), answer: picked.map((option) => option[1]).join(", ") };
  }
  const control = form.querySelector(`#vv-f-${f.id}`);
  if (f.kind === "dropdown") {
    if (control.value === "") return {};
    const option = f.options[control.value];
    return { value: option[0], answer: option[1] };
  }
  if (control.tagName === "SELECT") {
    // the organisation: one of the list, or the name of one that is not in it yet
    if (control.value !== "-") return control.value ? { value: control.value, answer: control.value } : {};
    const name = form.querySelector("#vv-f-organisation-name").value.trim();
    return name ? { value: slugify(name, ids), answer: slugify(name, ids), newName: name } : {};
  }
  const text = control.value.replace(/\r\n?/g, "\n").trim();
  if (!text) return {};
  return { value: valueOf(f, text), answer: text };
}

/** An answer as the record holds it; the same rules as `vejviser from-issue`. */
function valueOf(f, text) {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (f.value === "items") {
    return lines.map((line) => {
      const parts = line.split(f.separator).map((part) => part.trim());
      const item = {};
      f.item_keys.forEach((key, i) => {
        if (parts[i]) item[key] = f.items[key].options.length ? choiceValue(f.items[key].options, parts[i]) : parts[i];
      });
      return item;
    });
  }
  if (f.value === "dates") return lines;
  if (f.value.startsWith("list-")) {
    const parts = text
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    return f.value === "list-integer" ? parts.map((part) => number(part, true)) : parts;
  }
  if (f.value === "integer" || f.value === "number") return number(text, f.value === "integer");
  return text;
}

/** The value of a choice from its words or its value, in any case ("Mandag" -> "mandag"); the text as
 *  written when it is none of them (the schema names that). As from_issue.choice_value. */
function choiceValue(options, text) {
  const exact = options.find((option) => option[1] === text);
  if (exact) return exact[0];
  const folded = text.toLowerCase();
  const found = options.find((option) => [option[1], String(option[0])].some((w) => w.toLowerCase() === folded));
  return found ? found[0] : text;
}

/** A number as a person writes it ("60", "60 kr.", "12,5"); the text itself when it is none. */
function number(text, whole) {
  const cleaned = text
    .trim()
    .replace(/\s*(kr\.?|dkk)$/i, "")
    .replace(",", ".")
    .replace(/ /g, "");
  const pattern = whole ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  return pattern.test(cleaned) ? Number(cleaned) : text.trim();
}

function put(record, path, value) {
  let node = record;
  for (const key of path.slice(0, -1)) {
    if (!node[key]) node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
}

// --- the schema's errors, by field -----------------------------------------------------------

/** One message per form field, the first of its errors that says it best. */
function fieldProblems(errors, record, data) {
  const fields = data.fields;
  const problems = new Map();
  const kind = (error) => (error.keyword === "not" ? notRule(error, data) : error.keyword);
  const ranked = [...errors].sort((a, b) => rank(kind(a)) - rank(kind(b)));
  for (const error of ranked) {
    if (["if", "allOf", "anyOf", "oneOf"].includes(error.keyword)) continue; // the error inside says it
    const parts = error.instancePath
      .split("/")
      .slice(1)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (error.keyword === "required") parts.push(error.params.missingProperty);
    const f = fieldAt(parts, fields);
    if (problems.has(f.id)) continue;
    problems.set(f.id, message(error, kind(error), f, valueAt(record, error.instancePath), data.texts));
  }
  return problems;
}

/** What a "not" in the schema refuses, by the definition it names: "line_break", "reserved_id"
 *  (web_form.NOT_RULES, the validator's reading); "not" for another. */
function notRule(error, data) {
  const ref = error.schema && typeof error.schema === "object" ? error.schema.$ref : undefined;
  return (ref && data.not_rules[ref]) || "not";
}

/** The validator's order: a line break is said before a pattern, a reserved id after it. */
function rank(kind) {
  const order = ["required", "type", "enum", "format", "line_break", "pattern"];
  const at = order.indexOf(kind);
  return at < 0 ? order.length : at;
}

/** The field a path in the record belongs to: the field there, or the first field inside it (a missing group). */
function fieldAt(parts, fields) {
  let path = parts.filter((part) => !/^\d+$/.test(String(part)));
  while (path.length) {
    const key = path.join("/");
    const found =
      fields.find((f) => f.path.join("/") === key) ||
      fields.find((f) => f.path.slice(0, path.length).join("/") === key);
    if (found) return found;
    path = path.slice(0, -1);
  }
  return fields[0];
}

function valueAt(record, pointer) {
  let node = record;
  for (const part of pointer.split("/").slice(1)) node = node === undefined || node === null ? undefined : node[part];
  return node;
}

/** Where in a list of lines (contacts, links) an error is: the line and the part, or null. */
function itemOf(error, f) {
  if (f.value !== "items") return null;
  const parts = error.instancePath.split("/").slice(1);
  const at = f.path.length;
  if (parts.length <= at || !/^\d+$/.test(parts[at])) return null;
  let key = parts[at + 1];
  if (key === undefined && error.keyword === "required") key = error.params.missingProperty;
  return { line: Number(parts[at]) + 1, part: f.items[key] };
}

function message(error, kind, f, value, texts) {
  const item = itemOf(error, f);
  if (item && item.part) {
    if (error.keyword === "required") return format(texts["error.item_missing"], { line: item.line, name: item.part.title });
    const problem = explain(error, kind, Object.assign({}, f, { help: item.part.help }), value, texts);
    return format(texts["error.item"], { line: item.line, name: item.part.title, problem });
  }
  return explain(error, kind, f, value, texts);
}

function explain(error, kind, f, value, texts) {
  const p = error.params;
  const say = (key, values) => format(texts[key], Object.assign({ help: f.help, value: shown(value) }, values));
  switch (kind) {
    case "required":
      return say(f.multiple ? "error.choose" : "error.required");
    case "minLength":
      return say("error.min_length", { limit: p.limit });
    case "maxLength":
      return say("error.max_length", { limit: p.limit, length: [...String(value)].length });
    case "pattern":
      return say("error.pattern");
    case "type":
      return say(p.type === "integer" ? "error.integer" : p.type === "number" ? "error.number" : "error.other");
    case "minimum":
    case "exclusiveMinimum":
      return say("error.minimum", { limit: p.limit });
    case "maximum":
    case "exclusiveMaximum":
      return say("error.maximum", { limit: p.limit });
    case "minItems":
      return say(f.multiple ? "error.choose" : "error.min_items", { limit: p.limit });
    case "maxItems":
      return say("error.max_items", { limit: p.limit });
    case "uniqueItems":
      return say("error.unique", { value: shown(value[p.j]) });
    case "enum":
      return say("error.enum", { allowed: p.allowedValues.join(` ${texts.or} `) });
    case "const":
      return say("error.enum", { allowed: p.allowedValue });
    case "format":
      return say(/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? "date_not_real" : "date");
    case "line_break":
      return say("error.line_break");
    case "reserved_id":
      return say("error.reserved_id");
    default:
      return say("error.other");
  }
}

function shown(value) {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? Object.values(value).join("; ") : String(value);
}

function showProblems(form, summary, problems, data) {
  const list = summary.querySelector("[data-vv-summary-list]");
  list.textContent = "";
  const labels = { consent: data.texts.consent_legend };
  for (const f of data.fields) labels[f.id] = f.label;
  for (const id of Object.keys(labels)) {
    const box = form.querySelector(`#vv-f-${id}-error`);
    const problem = problems.get(id);
    box.hidden = !problem;
    box.textContent = problem || "";
    for (const control of form.querySelectorAll(`[name="${id}"]`)) {
      if (problem) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }
  // in the order of the form
  for (const id of Object.keys(labels).filter((key) => problems.has(key))) {
    const link = el("a", { href: `#vv-f-${id}`, text: `${labels[id]}: ${problems.get(id)}` });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const target = form.querySelector(`#vv-f-${id}`);
      target.scrollIntoView({ block: "center" });
      (target.tagName === "FIELDSET" ? target.querySelector("input") : target).focus();
    });
    list.append(el("li", {}, [link]));
  }
  summary.hidden = problems.size === 0;
}

// --- handing it over -------------------------------------------------------------------------

/** The ways to send the record; returns the file's object URL (the previous one is let go). */
function offer(done, read, data, ids, taken, previous) {
  const texts = data.texts;
  const text = data.header + window.jsyaml.dump(read.record, { lineWidth: -1, noRefs: true, quotingType: '"' });
  const file = `${newId(read.record.title || "", ids, taken)}.yaml`;
  done.querySelector("[data-vv-yaml]").textContent = text;
  done.querySelector("[data-vv-new-organisation]").hidden = !read.newOrganisation;

  if (previous) URL.revokeObjectURL(previous);
  const url = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
  const download = done.querySelector("[data-vv-download]");
  download.href = url;
  download.download = file;
  download.textContent = format(texts.download, { file });

  const subject = format(texts.mail_subject, { title: read.record.title });
  const organisation = read.newOrganisation ? format(texts.mail_new_organisation, { name: read.newOrganisation }) : "";
  const mail = (body) => `mailto:${data.mail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  let link = mail((texts.mail_body + organisation + text).replace(/\n/g, "\r\n"));
  const long = link.length > data.max_mail;
  if (long) link = mail((texts.mail_body + organisation + texts.mail_paste).replace(/\n/g, "\r\n"));
  done.querySelector("[data-vv-mail]").href = link;
  done.querySelector("[data-vv-mail-help]").textContent = long ? texts.mail_too_long : texts.mail_help;

  const issue = done.querySelector("[data-vv-issue]");
  if (issue) {
    const answers = Object.assign({}, read.answers);
    const contacts = data.fields.find((f) => f.id === "contacts");
    if (answers.contacts && contacts) answers.contacts = publicContacts(answers.contacts, contacts, read.consent);
    const query = new URLSearchParams(Object.assign({ title: data.issue_title + read.record.title }, answers));
    const address = `${data.issue}&${query}`;
    const fits = address.length <= data.max_link;
    issue.hidden = !fits;
    if (fits) issue.href = address;
    done.querySelector("[data-vv-issue-help]").textContent = fits ? texts.issue_help : texts.issue_too_long;
  }
  return url;
}

/** Contact lines for a public GitHub issue: the phone and e-mail of someone who did not agree are left out. */
function publicContacts(answer, field, consent) {
  const at = (key) => field.item_keys.indexOf(key);
  return answer
    .split("\n")
    .map((line) => {
      const parts = line.split(field.separator).map((part) => part.trim());
      if (consent && (parts[at("consent")] || "").toLowerCase() === "ja") return line;
      for (const key of ["phone", "email"]) if (at(key) >= 0 && at(key) < parts.length) parts[at(key)] = "";
      return parts.join(`${field.separator} `);
    })
    .join("\n");
}

/** The file's text to the clipboard, for webmail where the e-mail button opens nothing. */
function copy(page, texts) {
  const text = page.querySelector("[data-vv-yaml]").textContent;
  const status = page.querySelector("[data-vv-copy-status]");
  const say = (key) => () => {
    status.textContent = texts[key];
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(say("copied"), say("copy_failed"));
  else say("copy_failed")();
}
