/*
 * The length of the message being typed: a counter near the server's limit
 * and a notice over it. No maxlength on the input: the browser would cut a
 * long text silently.
 */

// The server refuses longer messages (MAX_MESSAGE_CHARS, sent in /api/config).
const DEFAULT_MAX_MESSAGE_CHARS = 1000;
// The counter appears when this share of the limit is used.
const COUNTER_FROM_SHARE = 0.9;

/** The number of characters as the server counts them (code points). */
const characters = (text) => Array.from(text).length;

/** `template` with {name} replaced by `values[name]`. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (all, name) => (
  Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all));

/**
 * The counter of `input`, shown in `counter`, with `limitNotice` over the limit.
 * `t` gives the widget's words, `config` the server's /api/config (or null).
 * Returns `update()` and `refuse(text)`, true (said again) when text is too long.
 */
export const createCounter = ({ input, counter, limitNotice, t, config }) => {
  const maxChars = () => (config() && config().max_message_chars) || DEFAULT_MAX_MESSAGE_CHARS;
  let overLimit = false;

  /** Shows the counter near the limit and, over it, a notice (announced once). */
  const update = () => {
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
  };

  const refuse = (text) => {
    if (characters(text) <= maxChars()) return false;
    // Said again, so a screen reader announces it on every attempt.
    limitNotice.textContent = "";
    limitNotice.textContent = fill(t("tooLong"), { max: maxChars(), count: characters(text) });
    return true;
  };

  return { update, refuse };
};
