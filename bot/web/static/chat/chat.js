/*
 * Aisho DX chat widget. Talks to Rasa's socket.io channel (credentials.yml:
 * socketio, session_persistence, metadata_key customData), through the web
 * server it was loaded from (bot/web/socket_proxy.py).
 *
 * Safety: every text from the bot or the resident goes into the page through
 * textContent or createTextNode, never as HTML. Links are made only for
 * tel:, http: and https: addresses.
 */
(() => {
  "use strict";

  const STRINGS = window.AishoChatStrings;
  const BASE = (window.AishoChat && window.AishoChat.base) || "";
  const CONVERSATION_KEY = "aisho-chat:conversation";
  const PREFS_KEY = "aisho-chat:prefs";
  const MAX_KEPT_MESSAGES = 200;
  // The server refuses longer messages (MAX_MESSAGE_CHARS, sent in /api/config).
  const DEFAULT_MAX_MESSAGE_CHARS = 1000;
  // The counter appears when this share of the limit is used.
  const COUNTER_FROM_SHARE = 0.9;
  const ANSWER_TIMEOUT_MS = 30000;
  const LINK = /^(tel:|https?:\/\/)/i;
  const URL_IN_TEXT = /(https?:\/\/[^\s<>"'「」（）()、。]+)/;
  const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]/;
  const KANA = /[\u3040-\u30ff]/;
  const HANGUL = /[\uac00-\ud7af\u1100-\u11ff]/;
  const VIETNAMESE = /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
  const PORTUGUESE = /[ãõç]|\b(de|da|que|para|uma|com|qual|quando|onde|obrigad[oa])\b/i;
  // Markup, addresses and code-like ASCII runs say nothing of the writer's language.
  const NOT_LANGUAGE = /<[^<>]*>|https?:\/\/\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|[!-~]*[(){}[\];=`\\][!-~]*/g;

  // ---- small helpers -------------------------------------------------------

  const readJson = (storage, key) => {
    try {
      return JSON.parse(storage.getItem(key) || "{}") || {};
    } catch (error) {
      return {};
    }
  };
  const writeJson = (storage, key, value) => {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or disabled: the chat works, history is not kept.
    }
  };

  /** Creates an element; `children` are nodes or strings (added as text). */
  const el = (tag, attributes, children) => {
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

  const svgIcon = (path) => {
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
  const ICON_CHAT = "M4 4h16v11H8l-4 4z";
  const ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  const ICON_GLOBE = "M12 3a9 9 0 100 18 9 9 0 000-18zm-9 9h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18";

  /** The language from the browser's preferences, among the seven forms. */
  const browserLanguage = () => {
    const tags = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    for (const tag of tags) {
      const primary = String(tag).toLowerCase().split(/[-_]/)[0];
      if (primary !== "easy" && Object.prototype.hasOwnProperty.call(STRINGS, primary)) {
        return primary;
      }
    }
    return "ja";
  };

  /** The number of characters as the server counts them (code points). */
  const characters = (text) => Array.from(text).length;

  /** `template` with {name} replaced by `values[name]`. */
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (all, name) => (
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all));

  /** Which of the seven forms a text is written in, judged by its script. */
  const guessLanguage = (message, fallback) => {
    const text = message.replace(NOT_LANGUAGE, " ");
    const japanese = fallback === "easy_ja" ? "easy_ja" : "ja";
    if (KANA.test(text)) return japanese;
    if (HANGUL.test(text)) return "ko";
    if (KANJI.test(text)) return fallback === "ja" || fallback === "easy_ja" ? fallback : "zh";
    if (VIETNAMESE.test(text)) return "vi";
    if (PORTUGUESE.test(text)) return "pt";
    if (/[a-z]/i.test(text)) return "en";
    return fallback;
  };

  // ---- the widget ------------------------------------------------------------

  const mount = () => {
    if (document.getElementById("aisho-chat")) return;
    const prefs = Object.assign(
      { language: browserLanguage(), largeText: false, furigana: false },
      readJson(window.localStorage, PREFS_KEY),
    );
    if (!Object.prototype.hasOwnProperty.call(STRINGS, prefs.language)) prefs.language = "ja";
    const conversation = Object.assign(
      { sessionId: null, open: false, messages: [] },
      readJson(window.sessionStorage, CONVERSATION_KEY),
    );
    const furiganaCache = new Map();
    let config = null;
    let socket = null;
    let ready = false;
    let outage = false;
    let queue = [];
    let answerTimer = null;
    let appending = Promise.resolve();

    const t = (key) => STRINGS[prefs.language][key];
    const htmlLang = (language) => (STRINGS[language] || STRINGS.ja).htmlLang;
    const saveConversation = () => {
      conversation.messages = conversation.messages.slice(-MAX_KEPT_MESSAGES);
      writeJson(window.sessionStorage, CONVERSATION_KEY, conversation);
    };
    const savePrefs = () => writeJson(window.localStorage, PREFS_KEY, prefs);

    // -- structure
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
    const languageChoices = Object.keys(STRINGS).map((code) => el("button", {
      type: "button", class: "aisho-language", lang: STRINGS[code].htmlLang, "data-language": code,
    }, [STRINGS[code].name]));
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
    const updateDialog = window.AishoChatDialog.smallScreenDialog(root, panel);

    const applyPrefs = () => {
      const strings = STRINGS[prefs.language];
      root.setAttribute("lang", strings.htmlLang);
      root.classList.toggle("aisho-chat--large", prefs.largeText);
      launcherLabel.textContent = strings.launcher;
      title.textContent = strings.title;
      subtitle.textContent = strings.subtitle;
      closeButton.setAttribute("aria-label", strings.close);
      const [label, hint] = strings.language.match(/^(.*?)(\s*[（(][^（()）]*[）)])?$/).slice(1);
      languageLabel.textContent = label;
      languageHint.textContent = hint || "";
      // One name for assistive technology, whether or not the hint is in sight.
      languageButton.setAttribute("aria-label", strings.language);
      languageMenu.setAttribute("aria-label", strings.languageMenu);
      // Furigana is for Japanese answers only.
      furiganaButton.hidden = !(prefs.language === "ja" || prefs.language === "easy_ja");
      furiganaButton.textContent = strings.furigana;
      furiganaButton.setAttribute("aria-pressed", String(prefs.furigana));
      largeButton.textContent = strings.largeText;
      largeButton.setAttribute("aria-pressed", String(prefs.largeText));
      log.setAttribute("aria-label", strings.log);
      inputLabel.textContent = strings.inputLabel;
      input.setAttribute("placeholder", strings.placeholder);
      sendButton.textContent = strings.send;
      updateCounter();
      fitToolbar();
      languageChoices.forEach((button) => {
        button.setAttribute("aria-pressed", String(button.dataset.language === prefs.language));
      });
    };

    // -- message rendering (text only, never HTML)
    const linkNode = (url, className) => {
      const external = /^https?:/i.test(url);
      return el("a", {
        href: url, class: className, target: external ? "_blank" : null,
        rel: external ? "noopener noreferrer" : null,
      }, external ? [url, el("span", { class: "aisho-visually-hidden" }, [t("newWindow")])] : [url]);
    };

    const furigana = (text) => {
      if (!furiganaCache.has(text)) {
        const request = fetch(`${BASE}/api/furigana`, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ text }),
        }).then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
          .then((data) => data.segments);
        request.catch(() => furiganaCache.delete(text));
        furiganaCache.set(text, request);
      }
      return furiganaCache.get(text);
    };

    /** Nodes for a message's text: plain text and links, with ruby when asked. */
    const textNodes = async (text, withRuby) => {
      const nodes = [];
      for (const part of text.split(URL_IN_TEXT)) {
        if (!part) continue;
        if (URL_IN_TEXT.test(part) && /^https?:/i.test(part)) {
          nodes.push(linkNode(part, "aisho-link"));
        } else if (withRuby && KANJI.test(part)) {
          for (const segment of await furigana(part)) {
            nodes.push(segment.reading ? el("ruby", {}, [
              segment.text, el("rp", {}, ["("]), el("rt", {}, [segment.reading]), el("rp", {}, [")"]),
            ]) : document.createTextNode(segment.text));
          }
        } else {
          nodes.push(document.createTextNode(part));
        }
      }
      return nodes;
    };

    const wantsRuby = (message) => prefs.furigana && message.from === "bot"
      && (message.lang === "ja" || message.lang === "easy_ja") && KANJI.test(message.text);

    const fillText = async (node, message) => {
      let nodes;
      try {
        nodes = await textNodes(message.text, wantsRuby(message));
      } catch (error) {
        nodes = await textNodes(message.text, false);
      }
      node.replaceChildren(...nodes);
      node.classList.toggle("has-ruby", nodes.some((child) => child.nodeName === "RUBY"));
    };

    const formatTime = (iso) => new Intl.DateTimeFormat(htmlLang(prefs.language), {
      hour: "2-digit", minute: "2-digit",
    }).format(new Date(iso));

    const replyNodes = (message) => (message.buttons || []).flatMap((button) => {
      if (LINK.test(button.payload)) {
        const link = linkNode(button.payload, "aisho-reply aisho-reply--link");
        link.firstChild.textContent = button.title;
        return [link];
      }
      if (message.retired) return [];
      const reply = el("button", { type: "button", class: "aisho-reply" }, [button.title]);
      reply.addEventListener("click", () => {
        send(button.payload, button.title);
        input.focus();
      });
      return [reply];
    });

    const messageNode = async (message) => {
      const text = el("p", { class: "aisho-msg__text" });
      await fillText(text, message);
      const bubble = el("div", { class: "aisho-msg__bubble", lang: htmlLang(message.lang) }, [text]);
      const replies = replyNodes(message);
      const speaker = message.from === "user" ? t("you") : t("bot");
      return el("div", { class: `aisho-msg aisho-msg--${message.from}`, "data-id": message.id }, [
        el("span", { class: "aisho-visually-hidden" }, [`${speaker}: `]),
        bubble,
        replies.length ? el("div", {
          class: "aisho-replies", role: "group", "aria-label": t("replies"),
          lang: htmlLang(message.lang),
        }, replies) : "",
        el("time", { class: "aisho-msg__time", datetime: message.time }, [formatTime(message.time)]),
      ].filter(Boolean));
    };

    /** The first node of the newest answer (everything after the resident's last message). */
    const newestAnswerStart = () => {
      let node = log.lastElementChild;
      if (!node || node.classList.contains("aisho-msg--user")) return node;
      while (node.previousElementSibling
        && !node.previousElementSibling.classList.contains("aisho-msg--user")) {
        node = node.previousElementSibling;
      }
      return node;
    };

    /**
     * Scrolls the log to the newest message, but never past the beginning of
     * the newest answer: a long answer is read from its first line.
     */
    const showNewest = () => {
      const start = newestAnswerStart();
      if (!start) return;
      const margin = parseFloat(window.getComputedStyle(log).paddingTop) || 0;
      const startTop = log.scrollTop + start.getBoundingClientRect().top
        - log.getBoundingClientRect().top - margin;
      log.scrollTop = Math.min(startTop, log.scrollHeight - log.clientHeight);
    };

    /** Appends nodes to the log in order, even when some wait for furigana. */
    const appendToLog = (makeNode) => {
      appending = appending.then(makeNode).then((node) => {
        log.append(node);
        showNewest();
      }).catch(() => {}); // one broken message must not stop the ones after it
      return appending;
    };

    const addMessage = (message) => {
      const full = Object.assign({ id: `m${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
        time: new Date().toISOString(), buttons: [] }, message);
      conversation.messages.push(full);
      saveConversation();
      return appendToLog(() => messageNode(full));
    };

    /** A notice from the widget itself (not kept in the history). */
    const addNotice = (key) => {
      const contact = config && config.contact;
      const template = contact ? t(key) : t("offline");
      const parts = template.split(/(\{office\}|\{phone\})/).filter(Boolean).map((part) => {
        if (part === "{office}") return el("span", { lang: "ja" }, [contact.office_name]);
        if (part === "{phone}") {
          return el("a", { href: contact.phone_uri, class: "aisho-tel" }, [contact.phone]);
        }
        return part;
      });
      return appendToLog(() => el("div", { class: "aisho-msg aisho-msg--notice" }, [
        el("p", { class: "aisho-msg__text", lang: htmlLang(prefs.language) }, parts),
      ]));
    };

    const setTyping = (on) => {
      typing.classList.toggle("is-active", on);
      typing.replaceChildren(...(on ? [
        el("span", { class: "aisho-typing__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
        el("span", { class: "aisho-typing__text" }, [t("typing")]),
      ] : []));
      window.clearTimeout(answerTimer);
      if (on) {
        answerTimer = window.setTimeout(() => {
          setTyping(false);
          addNotice("noAnswer");
        }, ANSWER_TIMEOUT_MS);
      }
    };

    /** Removes the (non-link) quick replies of earlier answers once the resident moves on. */
    const retireReplies = () => {
      conversation.messages.forEach((message) => { message.retired = true; });
      log.querySelectorAll(".aisho-replies button").forEach((button) => button.remove());
      log.querySelectorAll(".aisho-replies:empty").forEach((group) => group.remove());
    };

    // -- connection to Rasa's socket.io channel
    const loadConfig = async () => {
      if (config) return config;
      try {
        const response = await fetch(`${BASE}/api/config`);
        config = response.ok ? await response.json() : null;
      } catch (error) {
        config = null;
      }
      return config;
    };

    const onOutage = () => {
      ready = false;
      queue = [];
      setTyping(false);
      if (!outage) {
        outage = true;
        addNotice("unreachable");
      }
    };

    const emit = (packet) => {
      socket.emit("user_uttered", Object.assign(packet, { session_id: conversation.sessionId }));
    };

    const onBotMessage = (data) => {
      const text = data && typeof data.text === "string" ? data.text : "";
      const buttons = ((data && (data.quick_replies || data.buttons)) || [])
        .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
        .map((b) => ({ title: b.title, payload: b.payload }));
      if (!text && !buttons.length) return;
      setTyping(false);
      addMessage({ from: "bot", text, lang: guessLanguage(text, prefs.language), buttons });
    };

    const connect = async () => {
      if (socket) return;
      await loadConfig();
      if (socket) return;
      if (!config || typeof window.io !== "function") {
        onOutage();
        return;
      }
      // The server the widget came from relays socket.io to Rasa (long-polling).
      socket = window.io(config.socket.url || BASE || window.location.origin, {
        path: config.socket.path, transports: config.socket.transports || ["polling"],
        upgrade: false, timeout: 8000, reconnectionDelay: 1000, reconnectionDelayMax: 10000,
      });
      socket.on("connect", () => socket.emit("session_request", { session_id: conversation.sessionId }));
      socket.on("session_confirm", (confirmed) => {
        conversation.sessionId = typeof confirmed === "string" ? confirmed : confirmed.session_id;
        saveConversation();
        ready = true;
        if (outage) {
          outage = false;
          addNotice("reconnected");
        }
        queue.forEach(emit);
        queue = [];
      });
      socket.on("connect_error", onOutage);
      socket.on("disconnect", (reason) => {
        onOutage();
        if (reason === "io server disconnect") socket.connect();
      });
      socket.on("bot_uttered", onBotMessage);
    };

    /** Keeps the tools on one row: drops the language hint from sight when they do not fit. */
    function fitToolbar() {
      toolbar.classList.remove("is-compact");
      const tools = Array.from(toolbar.children).filter((tool) => !tool.hidden);
      if (!tools.length) return;
      const room = toolbar.getBoundingClientRect().right
        - parseFloat(window.getComputedStyle(toolbar).paddingRight);
      if (tools[tools.length - 1].getBoundingClientRect().right > room + 0.5) {
        toolbar.classList.add("is-compact");
      }
    }

    // -- the length of the message being typed
    const maxChars = () => (config && config.max_message_chars) || DEFAULT_MAX_MESSAGE_CHARS;
    let overLimit = false;

    /** Shows the counter near the limit and, over it, a notice (announced once). */
    function updateCounter() {
      const count = characters(input.value);
      const max = maxChars();
      const over = count > max;
      counter.hidden = count < Math.floor(max * COUNTER_FROM_SHARE);
      counter.classList.toggle("is-over", over);
      counter.textContent = over ? `${count} / ${max}`
        : `${fill(t("remaining"), { left: max - count })} (${count} / ${max})`;
      input.setAttribute("aria-invalid", String(over));
      if (over && !overLimit) limitNotice.textContent = fill(t("tooLong"), { max, count });
      if (!over) limitNotice.textContent = "";
      limitNotice.hidden = !over;
      overLimit = over;
    }

    /** Shows `display` as the resident's message and sends `payload`; false when offline. */
    const send = (payload, display) => {
      if (outage) {
        addNotice("unreachable");
        return false;
      }
      retireReplies();
      addMessage({ from: "user", text: display, lang: guessLanguage(display, prefs.language) });
      const packet = { message: payload, customData: { language: STRINGS[prefs.language].tag } };
      if (ready) emit(packet);
      else queue.push(packet);
      setTyping(true);
      connect();
      return true;
    };

    // -- opening, closing, menus
    const open = (focus) => {
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute("aria-expanded", "true");
      conversation.open = true;
      if (!conversation.messages.length) {
        addMessage({
          from: "bot", text: t("welcome"), lang: prefs.language,
          buttons: t("suggestions").map((text) => ({ title: text, payload: text })),
        });
      }
      saveConversation();
      updateDialog();
      connect();
      if (focus) input.focus();
      appending.then(showNewest);
    };

    const close = () => {
      setMenu(false);
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute("aria-expanded", "false");
      conversation.open = false;
      saveConversation();
      updateDialog();
      launcher.focus();
    };

    const setMenu = (on) => {
      languageMenu.hidden = !on;
      languageButton.setAttribute("aria-expanded", String(on));
      if (on) languageChoices.find((b) => b.dataset.language === prefs.language).focus();
    };

    const chooseLanguage = (code) => {
      prefs.language = code;
      savePrefs();
      applyPrefs();
      setMenu(false);
      send(`/choose_language{"language_choice": "${code}"}`, STRINGS[code].name);
      input.focus();
    };

    const rerender = async () => {
      log.setAttribute("aria-busy", "true");
      const texts = log.querySelectorAll(".aisho-msg[data-id]");
      const byId = new Map(conversation.messages.map((message) => [message.id, message]));
      await Promise.all(Array.from(texts).map((node) => {
        const message = byId.get(node.dataset.id);
        return message ? fillText(node.querySelector(".aisho-msg__text"), message) : null;
      }));
      log.setAttribute("aria-busy", "false");
      showNewest();
    };

    launcher.addEventListener("click", () => open(true));
    closeButton.addEventListener("click", close);
    languageButton.addEventListener("click", () => setMenu(languageMenu.hidden));
    languageChoices.forEach((button) => {
      button.addEventListener("click", () => chooseLanguage(button.dataset.language));
    });
    furiganaButton.addEventListener("click", () => {
      prefs.furigana = !prefs.furigana;
      savePrefs();
      applyPrefs();
      rerender();
    });
    largeButton.addEventListener("click", () => {
      prefs.largeText = !prefs.largeText;
      savePrefs();
      applyPrefs();
      showNewest();
    });
    panel.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      if (!languageMenu.hidden && languageMenu.contains(document.activeElement)) {
        setMenu(false);
        languageButton.focus();
      } else {
        close();
      }
    });
    input.addEventListener("input", updateCounter);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (characters(text) > maxChars()) {
        // Said again, so a screen reader announces it on every attempt.
        limitNotice.textContent = "";
        limitNotice.textContent = fill(t("tooLong"), { max: maxChars(), count: characters(text) });
        input.focus();
        return;
      }
      if (text && send(text, text)) {
        input.value = "";
        updateCounter();
      }
    });

    applyPrefs();
    document.body.append(root);
    if (window.ResizeObserver) new window.ResizeObserver(fitToolbar).observe(toolbar);
    conversation.messages.forEach((message) => appendToLog(() => messageNode(message)));
    loadConfig().then(updateCounter);
    if (conversation.open) open(false);
  };

  window.AishoChat = Object.assign(window.AishoChat || {}, { mount, guessLanguage });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
