// Building DOM nodes without markup strings. Model answers, quotes, file names and document text
// are untrusted: they only ever become text nodes (`textContent`), never HTML, so a document that
// contains `<script>` shows those characters instead of running them.

/**
 * `el("button", {class: "cite", type: "button", onclick: f}, "[1]")`: attributes are set with
 * setAttribute (or as listeners for `on…` functions); string children become text nodes.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, ...children);
  return node;
}

/** Append nodes and strings (as text); null, undefined and false are skipped. */
export function append(parent, ...children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function byId(id) {
  return document.getElementById(id);
}

const SVG = "http://www.w3.org/2000/svg";
// The path of Material Icons' "thumb_up" (Apache License 2.0).
const THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 "
  + "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

/** A small decorative icon drawn in the text colour (no emoji font is needed): "up" or "down". */
export function thumb(direction) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", THUMB);
  path.setAttribute("fill", "currentColor");
  if (direction === "down") path.setAttribute("transform", "rotate(180 12 12)");
  svg.append(path);
  return svg;
}
