// The form "Tilføj en aktivitet": reads the answers into a record the way `vejviser from-issue`
// reads an issue, checks it against the municipality's schema with ajv (served by the site),
// and hands it over as YAML: an e-mail to the coordinator, the issue form on GitHub with the
// answers filled in, or a file to download. Nothing leaves the page until the reader sends it.
import { el, format } from "./dom.js";

const page = document.querySelector("[data-vv-add]");
if (page && window.ajv7 && window.jsyaml) start(page);

function start(page) {
  const data = JSON.parse(document.getElementById("vv-form-data").textContent);
  const texts = data.texts;
  const form = page.querySelector("[data-vv-form]");
  const summary = page.querySelector("[data-vv-summary]");
  const done = page.querySelector("[data-vv-done]");
  const ajv = new window.ajv7({ allErrors: true, strict: false });
  ajv.addFormat("date", { type: "string", validate: isRealDate });
  const validate = ajv.compile(data.schema);
  let download = null;

  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = readForm(form, data.fields);
    validate(read.record);
    const problems = fieldProblems(validate.errors || [], read.record, data.fields, texts);
    showProblems(form, summary, problems, data.fields);
    if (problems.size) {
      done.hidden = true;
      reveal(summary, summary);
      return;
    }
    download = offer(done, read, data, download);
    done.hidden = false;
    reveal(done, done.querySelector("h2"));
  });
  // A changed answer makes the offered file stale: it is made again from the button.
  form.addEventListener("input", () => {
    done.hidden = true;
  });
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

/** An id from a title, as vejviser's slugify: "Strikke Klub" -> "strikke-klub", "Café" -> "cafe". */
export function slugify(text) {
  const lower = text.normalize("NFC").toLowerCase();
  const plain = [...lower]
    .map((c) => ("æøå".includes(c) ? c : c.normalize("NFKD").replace(/[^\x00-\x7f]/g, "") || c))
    .join("");
  return plain.replace(/[^a-z0-9æøå]+/g, "-").replace(/^-+|-+$/g, "") || "aktivitet";
}

// --- reading the answers ---------------------------------------------------------------------

/** The record, the answers in the issue form's words (for the GitHub link), and whether the association is new. */
function readForm(form, fields) {
  const record = {};
  const answers = {};
  let newOrganisation = false;
  for (const f of fields) {
    const { value, answer, isNew } = readField(form, f);
    if (value === undefined) continue;
    put(record, f.path, value);
    answers[f.id] = answer;
    newOrganisation ||= Boolean(isNew);
  }
  const consent = form.querySelector("#vv-f-consent").checked;
  for (const contact of record.contacts || []) {
    if (contact.consent !== "ja") continue;
    if (consent) contact.consent_date = today();
    else contact.consent = "nej"; // the box was not ticked: nobody is published
  }
  record.reviewed = today();
  return { record, answers, newOrganisation };
}

function readField(form, f) {
  if (f.kind === "dropdown" && f.multiple) {
    const picked = [...form.querySelectorAll(`input[name="${f.id}"]:checked`)].map((box) => f.options[box.value]);
    if (!picked.length) return {};
    return { value: picked.map(([value]) => value), answer: picked.map(([, words]) => words).join(", ") };
  }
  const control = form.querySelector(`#vv-f-${f.id}`);
  if (f.kind === "dropdown") {
    if (control.value === "") return {};
    const [value, words] = f.options[control.value];
    return { value, answer: words };
  }
  if (control.tagName === "SELECT") {
    // the organisation: one of the list, or the name of one that is not in it yet
    if (control.value !== "-") return control.value ? { value: control.value, answer: control.value } : {};
    const name = form.querySelector("#vv-f-organisation-name").value.trim();
    return name ? { value: slugify(name), answer: name, isNew: true } : {};
  }
  const text = control.value.replace(/\r\n?/g, "\n").trim();
  if (!text) return {};
  return { value: valueOf(f, text), answer: text };
}

/** An answer as the record holds it; the same rules as `vejviser from-issue`. */
function valueOf(f, text) {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  if (f.value === "items") {
    return lines.map((line) => {
      const parts = line.split(";").map((part) => part.trim());
      return Object.fromEntries(f.item_keys.map((key, i) => [key, parts[i]]).filter(([, part]) => part));
    });
  }
  if (f.value === "dates") return lines;
  if (f.value.startsWith("list-")) {
    const parts = text.split(",").map((part) => part.trim()).filter(Boolean);
    return f.value === "list-integer" ? parts.map((part) => number(part, true)) : parts;
  }
  if (f.value === "integer" || f.value === "number") return number(text, f.value === "integer");
  return text;
}

/** A number as a person writes it ("60", "60 kr.", "12,5"); the text itself when it is none. */
function number(text, whole) {
  const cleaned = text.trim().replace(/\s*(kr\.?|dkk)$/i, "").replace(",", ".").replace(/ /g, "");
  const pattern = whole ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  return pattern.test(cleaned) ? Number(cleaned) : text.trim();
}

function put(record, path, value) {
  let node = record;
  for (const key of path.slice(0, -1)) node = node[key] ??= {};
  node[path[path.length - 1]] = value;
}

// --- the schema's errors, by field -----------------------------------------------------------

/** One message per form field, the first of its errors that says it best. */
function fieldProblems(errors, record, fields, texts) {
  const problems = new Map();
  const ranked = [...errors].sort((a, b) => rank(a) - rank(b));
  for (const error of ranked) {
    if (["if", "allOf", "anyOf", "oneOf"].includes(error.keyword)) continue; // the error inside says it
    const f = fieldFor(error, fields);
    if (!f || problems.has(f.id)) continue;
    problems.set(f.id, message(error, f, valueAt(record, error.instancePath), texts));
  }
  return problems;
}

function rank(error) {
  const order = ["required", "type", "enum", "format", "pattern"];
  const at = order.indexOf(error.keyword);
  return at < 0 ? order.length : at;
}

/** The field an error is about: the field at its path, or the first field inside it (a missing group). */
function fieldFor(error, fields) {
  const parts = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") parts.push(error.params.missingProperty);
  let path = parts.filter((part) => !/^\d+$/.test(part));
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
  for (const part of pointer.split("/").slice(1)) node = node == null ? undefined : node[part];
  return node;
}

/** Where in a list of lines (contacts, links) an error is: the line and the part, or null. */
function itemOf(error, f) {
  if (f.value !== "items") return null;
  const parts = error.instancePath.split("/").slice(1);
  const at = f.path.length;
  if (parts.length <= at || !/^\d+$/.test(parts[at])) return null;
  const key = parts[at + 1] ?? (error.keyword === "required" ? error.params.missingProperty : undefined);
  return { line: Number(parts[at]) + 1, part: f.items[key] };
}

function message(error, f, value, texts) {
  const item = itemOf(error, f);
  if (item && item.part) {
    if (error.keyword === "required") return format(texts["error.item_missing"], { line: item.line, name: item.part.title });
    const problem = explain(error, { ...f, help: item.part.help }, value, texts);
    return format(texts["error.item"], { line: item.line, name: item.part.title, problem });
  }
  return explain(error, f, value, texts);
}

function explain(error, f, value, texts) {
  const p = error.params;
  const say = (key, values = {}) => format(texts[key], { label: f.label, help: f.help, value: shown(value), ...values });
  switch (error.keyword) {
    case "required":
      return say("error.required");
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
      return say("error.min_items", { limit: p.limit });
    case "maxItems":
      return say("error.max_items", { limit: p.limit });
    case "uniqueItems":
      return say("error.unique", { value: shown(value[p.j]) });
    case "enum":
    case "const":
      return say("error.enum");
    case "format":
      return say("date");
    default:
      return say("error.other");
  }
}

function shown(value) {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? Object.values(value).join("; ") : String(value);
}

function showProblems(form, summary, problems, fields) {
  const list = summary.querySelector("[data-vv-summary-list]");
  list.replaceChildren();
  for (const f of fields) {
    const box = form.querySelector(`#vv-f-${f.id}-error`);
    const problem = problems.get(f.id);
    box.hidden = !problem;
    box.textContent = problem || "";
    const controls = form.querySelectorAll(`[name="${f.id}"]`);
    for (const control of controls) {
      if (problem) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
    if (problem) {
      const link = el("a", { href: `#vv-f-${f.id}`, text: `${f.label}: ${problem}` });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const target = form.querySelector(`#vv-f-${f.id}`);
        target.scrollIntoView({ block: "center" });
        (target.tagName === "FIELDSET" ? target.querySelector("input") : target).focus();
      });
      list.append(el("li", {}, [link]));
    }
  }
  summary.hidden = problems.size === 0;
}

// --- handing it over -------------------------------------------------------------------------

/** The ways to send the record; returns the file's object URL (the previous one is let go). */
function offer(done, read, data, previous) {
  const texts = data.texts;
  const text = data.header + window.jsyaml.dump(read.record, { lineWidth: -1, noRefs: true, quotingType: '"' });
  const file = `${slugify(read.record.title || "")}.yaml`;
  done.querySelector("[data-vv-yaml]").textContent = text;
  done.querySelector("[data-vv-new-organisation]").hidden = !read.newOrganisation;

  if (previous) URL.revokeObjectURL(previous);
  const url = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
  const download = done.querySelector("[data-vv-download]");
  download.href = url;
  download.download = file;
  download.textContent = format(texts.download, { file });

  const subject = format(texts.mail_subject, { title: read.record.title });
  const body = (texts.mail_body + text).replace(/\n/g, "\r\n");
  done.querySelector("[data-vv-mail]").href =
    `mailto:${data.mail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;

  const issue = done.querySelector("[data-vv-issue]");
  if (issue) {
    const query = new URLSearchParams({ title: data.issue_title + read.record.title, ...read.answers });
    const link = `${data.issue}&${query}`;
    const fits = link.length <= data.max_link;
    issue.hidden = !fits;
    if (fits) issue.href = link;
    done.querySelector("[data-vv-issue-help]").textContent = fits ? texts.issue_help : texts.issue_too_long;
  }
  return url;
}
