/*
 * The open chat as a modal dialog on small screens.
 *
 * On a phone (or a window zoomed until it is as small) the chat covers the
 * whole page, so it must behave as a modal dialog: aria-modal="true", the page
 * behind is inert (no focus, no clicks, hidden from screen readers, not
 * scrolled), and Tab and Shift+Tab stay inside the chat. On larger screens the
 * chat floats beside the page, which stays usable.
 */
(() => {
  "use strict";

  const SMALL_SCREEN = "(max-width: 30em), (max-height: 30em)";
  const MODAL_CLASS = "aisho-chat-modal-open";
  const FOCUSABLE = "button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])";

  /**
   * Makes `panel` (inside `root`, a child of <body>) modal while it is open on
   * a small screen. Returns `update`, to call after opening and closing.
   */
  const smallScreenDialog = (root, panel) => {
    const query = window.matchMedia(SMALL_SCREEN);
    let inerted = [];

    const release = () => {
      inerted.forEach((node) => { node.inert = false; });
      inerted = [];
    };

    const update = () => {
      const modal = !panel.hidden && query.matches;
      panel.setAttribute("aria-modal", String(modal));
      document.documentElement.classList.toggle(MODAL_CLASS, modal);
      release();
      if (!modal) return;
      Array.from(document.body.children).forEach((node) => {
        if (node !== root && !node.inert) {
          node.inert = true;
          inerted.push(node);
        }
      });
    };

    const focusable = () => Array.from(panel.querySelectorAll(FOCUSABLE))
      .filter((node) => !node.disabled && node.getClientRects().length > 0);

    panel.addEventListener("keydown", (event) => {
      if (event.key !== "Tab" || panel.getAttribute("aria-modal") !== "true") return;
      const items = focusable();
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      const inside = panel.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    });
    query.addEventListener("change", update);
    return update;
  };

  window.AishoChatDialog = { smallScreenDialog };
})();
