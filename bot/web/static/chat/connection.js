/*
 * The connection to Rasa's socket.io channel (credentials.yml: socketio,
 * session_persistence, metadata_key customData), through the web server the
 * widget was loaded from (bot/web/socket_proxy.py), and the server's
 * settings (GET /api/config).
 */

/** The text and buttons of a bot_uttered packet, or null when it has neither. */
const botMessage = (data) => {
  const text = data && typeof data.text === "string" ? data.text : "";
  const buttons = ((data && (data.quick_replies || data.buttons)) || [])
    .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
    .map((b) => ({ title: b.title, payload: b.payload }));
  return text || buttons.length ? { text, buttons } : null;
};

/**
 * Connects lazily and keeps the session of `conversation` (saved with
 * `saveConversation`). Calls `onMessage({text, buttons})` for each answer,
 * `onOutage(first)` whenever the server is lost (`first` when it was up) and
 * `onReconnected()` when it is back.
 */
export const createConnection = ({
  base, conversation, saveConversation, onMessage, onOutage, onReconnected,
}) => {
  let config = null;
  let socket = null;
  let ready = false;
  let outage = false;
  let queue = [];

  const loadConfig = async () => {
    if (config) return config;
    try {
      const response = await fetch(`${base}/api/config`);
      config = response.ok ? await response.json() : null;
    } catch (error) {
      config = null;
    }
    return config;
  };

  const lost = () => {
    ready = false;
    queue = [];
    const first = !outage;
    outage = true;
    onOutage(first);
  };

  const emit = (packet) => {
    socket.emit("user_uttered", Object.assign(packet, { session_id: conversation.sessionId }));
  };

  const connect = async () => {
    if (socket) return;
    await loadConfig();
    if (socket) return;
    if (!config || typeof window.io !== "function") {
      lost();
      return;
    }
    // The server the widget came from relays socket.io to Rasa (long-polling).
    socket = window.io(config.socket.url || base || window.location.origin, {
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
        onReconnected();
      }
      queue.forEach(emit);
      queue = [];
    });
    socket.on("connect_error", lost);
    socket.on("disconnect", (reason) => {
      lost();
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("bot_uttered", (data) => {
      const message = botMessage(data);
      if (message) onMessage(message);
    });
  };

  /** Sends `message`, asking for an answer in `languageTag` (queued until the session is confirmed). */
  const send = (message, languageTag) => {
    const packet = { message, customData: { language: languageTag } };
    if (ready) emit(packet);
    else queue.push(packet);
  };

  return {
    loadConfig, connect, send, config: () => config, offline: () => outage,
  };
};
