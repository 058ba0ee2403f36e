/*
 * Aisho DX chat: the one script a page needs.
 *   <script src="(address of this server)/widget.js" defer></script>
 * Loads the widget's style, the socket.io client (installed from the npm
 * registry by `make web-assets`), the widget's words, its small-screen dialog
 * behaviour and the widget (chat.js and the modules it imports), all from
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

  // chat.js is an ES module importing its parts (no build step); fetched
  // with CORS when the page is on another site (the server allows it).
  [
    ["static/vendor/socket.io.min.js", "text/javascript"],
    ["static/chat/strings.js", "text/javascript"],
    ["static/chat/dialog.js", "text/javascript"],
    ["static/chat/chat.js", "module"],
  ].forEach(([path, type]) => {
    const part = document.createElement("script");
    part.type = type;
    part.src = `${base}/${path}`;
    part.async = false; // run in this order
    document.head.append(part);
  });
})();
