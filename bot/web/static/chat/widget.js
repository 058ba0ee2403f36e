/*
 * Aisho DX chat: the one script a page needs.
 *   <script src="(address of this server)/widget.js" defer></script>
 * Loads the widget's style, the socket.io client (installed from the npm
 * registry by `make web-assets`), the widget's words, its small-screen dialog
 * behaviour and the widget, all from
 * the server this script came from.
 */
(() => {
  "use strict";
  if (window.AishoChat) return;
  const script = document.currentScript;
  const base = script && script.src ? new URL(".", script.src).href.replace(/\/$/, "") : "";
  window.AishoChat = { base };

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = `${base}/static/chat/chat.css`;
  document.head.append(style);

  [
    "static/vendor/socket.io.min.js",
    "static/chat/strings.js",
    "static/chat/dialog.js",
    "static/chat/chat.js",
  ].forEach((path) => {
    const part = document.createElement("script");
    part.src = `${base}/${path}`;
    part.async = false; // run in this order
    document.head.append(part);
  });
})();
