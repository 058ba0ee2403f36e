/*
 * The widget's structure: launcher, panel, tools, language menu, log and
 * form, and the words shown on them in the chosen language.
 */
import { el, svgIcon, ICON_CHAT, ICON_CLOSE, ICON_GLOBE } from "./dom.js";

/** The widget's nodes, by name; `strings` are all forms' words (for the language menu). */
export const buildPanel = (strings) => {
  const launcherLabel = el("span");
  const launcher = el("button", {
    type: "button", class: "aisho-launcher", "aria-controls": "aisho-chat-panel",
    "aria-expanded": "false",
  }, [svgIcon(ICON_CHAT), launcherLabel]);
  const title = el("h2", { id: "aisho-chat-title", class: "aisho-title" });
  const subtitle = el("p", { class: "aisho-subtitle" });
  const closeButton = el("button", { type: "button", class: "aisho-close" }, [svgIcon(ICON_CLOSE)]);
  const languageLabel = el("span");
  // "（Language）": hidden from sight when the row is full (aria-label keeps it).
  const languageHint = el("span", { class: "aisho-tool__hint" });
  const languageButton = el("button", {
    type: "button", class: "aisho-tool", "aria-expanded": "false",
    "aria-controls": "aisho-chat-languages",
  }, [svgIcon(ICON_GLOBE), languageLabel, languageHint]);
  const furiganaButton = el("button", { type: "button", class: "aisho-tool" });
  const largeButton = el("button", { type: "button", class: "aisho-tool" });
  const languageChoices = Object.keys(strings).map((code) => el("button", {
    type: "button", class: "aisho-language", lang: strings[code].htmlLang, "data-language": code,
  }, [strings[code].name]));
  const languageMenu = el("div", {
    id: "aisho-chat-languages", class: "aisho-languages", role: "group", hidden: true,
  }, [el("ul", {}, languageChoices.map((button) => el("li", {}, [button])))]);
  const log = el("div", {
    class: "aisho-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    tabindex: "0",
  });
  const typing = el("div", { class: "aisho-typing", role: "status" });
  // No maxlength: the browser would cut a long text silently. The counter
  // and the notice below say when a message is too long.
  const input = el("input", {
    id: "aisho-chat-input", class: "aisho-input", type: "text", autocomplete: "off",
    enterkeyhint: "send", "aria-describedby": "aisho-chat-counter",
  });
  const counter = el("p", { id: "aisho-chat-counter", class: "aisho-counter", hidden: true });
  const limitNotice = el("p", { class: "aisho-limit", role: "alert" });
  const inputLabel = el("label", { for: "aisho-chat-input", class: "aisho-visually-hidden" });
  const sendButton = el("button", { type: "submit", class: "aisho-send" });
  const form = el("form", { class: "aisho-form" }, [
    el("div", { class: "aisho-form__row" }, [inputLabel, input, sendButton]), counter, limitNotice,
  ]);
  const toolbar = el("div", { class: "aisho-toolbar" }, [languageButton, furiganaButton, largeButton]);
  const panel = el("section", {
    id: "aisho-chat-panel", class: "aisho-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "aisho-chat-title", hidden: true,
  }, [
    el("div", { class: "aisho-header" }, [el("div", { class: "aisho-heading" }, [title, subtitle]), closeButton]),
    el("div", { class: "aisho-tools" }, [
      toolbar,
      languageMenu,
    ]),
    log, typing, form,
  ]);
  const root = el("div", { id: "aisho-chat", class: "aisho-chat" }, [launcher, panel]);
  return {
    root, launcher, launcherLabel, panel, title, subtitle, closeButton, toolbar,
    languageButton, languageLabel, languageHint, languageMenu, languageChoices,
    furiganaButton, largeButton, log, typing, form, input, inputLabel, sendButton,
    counter, limitNotice,
  };
};

/** Keeps the tools on one row: drops the language hint from sight when they do not fit. */
export const fitToolbar = (toolbar) => {
  toolbar.classList.remove("is-compact");
  const tools = Array.from(toolbar.children).filter((tool) => !tool.hidden);
  if (!tools.length) return;
  const room = toolbar.getBoundingClientRect().right
    - parseFloat(window.getComputedStyle(toolbar).paddingRight);
  if (tools[tools.length - 1].getBoundingClientRect().right > room + 0.5) {
    toolbar.classList.add("is-compact");
  }
};

/** Shows the words of `words` (one form's strings) and the state of `prefs` on the nodes. */
export const showWords = (nodes, words, prefs) => {
  nodes.root.setAttribute("lang", words.htmlLang);
  nodes.root.classList.toggle("aisho-chat--large", prefs.largeText);
  nodes.launcherLabel.textContent = words.launcher;
  nodes.title.textContent = words.title;
  nodes.subtitle.textContent = words.subtitle;
  nodes.closeButton.setAttribute("aria-label", words.close);
  const [label, hint] = words.language.match(/^(.*?)(\s*[（(][^（()）]*[）)])?$/).slice(1);
  nodes.languageLabel.textContent = label;
  nodes.languageHint.textContent = hint || "";
  // One name for assistive technology, whether or not the hint is in sight.
  nodes.languageButton.setAttribute("aria-label", words.language);
  nodes.languageMenu.setAttribute("aria-label", words.languageMenu);
  // Furigana is for Japanese answers only.
  nodes.furiganaButton.hidden = !(prefs.language === "ja" || prefs.language === "easy_ja");
  nodes.furiganaButton.textContent = words.furigana;
  nodes.furiganaButton.setAttribute("aria-pressed", String(prefs.furigana));
  nodes.largeButton.textContent = words.largeText;
  nodes.largeButton.setAttribute("aria-pressed", String(prefs.largeText));
  nodes.log.setAttribute("aria-label", words.log);
  nodes.inputLabel.textContent = words.inputLabel;
  nodes.input.setAttribute("placeholder", words.placeholder);
  nodes.sendButton.textContent = words.send;
};
