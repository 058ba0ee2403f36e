/*
 * Building the widget's nodes. Every text goes in through createTextNode,
 * never as HTML.
 */

/** Creates an element; `children` are nodes or strings (added as text). */
export const el = (tag, attributes, children) => {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  });
  (children || []).forEach((child) => {
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
};

export const svgIcon = (path) => {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "aisho-icon");
  const shape = document.createElementNS(ns, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
};

export const ICON_CHAT = "M4 4h16v11H8l-4 4z";
export const ICON_CLOSE = "M6 6l12 12M18 6L6 18";
export const ICON_GLOBE = "M12 3a9 9 0 100 18 9 9 0 000-18zm-9 9h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18";
