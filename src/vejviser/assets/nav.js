// The header's menu button. Material draws it as a label of the drawer's check box, which a
// keyboard cannot reach and a screen reader does not call a button; this puts a real button in its
// place (named from the catalogue, with its state), which opens the drawer and moves into it, and
// Escape closes the drawer, back on the button. Without this script the label still opens it on a tap.

import { el } from "./dom.js";

const toggle = document.getElementById("__drawer");
const label = document.querySelector('label.md-header__button[for="__drawer"]');
const drawer = document.getElementById("vv-drawer");
const menu = drawer && drawer.querySelector("[data-vv-menu]");
if (toggle && label && menu) start();

function start() {
  const button = el("button", {
    type: "button",
    class: "md-header__button md-icon vv-menu-button",
    "aria-label": menu.dataset.vvMenu,
    "aria-controls": drawer.id,
    "aria-expanded": String(toggle.checked),
  });
  for (const icon of label.children) button.append(icon.cloneNode(true)); // Material's icon
  label.after(button);
  label.hidden = true;
  toggle.addEventListener("change", () => button.setAttribute("aria-expanded", String(toggle.checked)));
  button.addEventListener("click", () => {
    toggle.click();
    if (!toggle.checked) return;
    const first = drawer.querySelector("a.md-nav__link[aria-current]") || drawer.querySelector("a.md-nav__link");
    // once the drawer is shown: while closed it is invisible, so that its links are out of the tab order
    if (first) requestAnimationFrame(() => first.focus());
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.click();
    button.focus();
  });
}
