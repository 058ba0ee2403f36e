/*
 * The log's scrolling: new messages come into view, but a long answer is
 * read from its first line.
 */

/** The first node of the newest answer (everything after the resident's last message). */
const newestAnswerStart = (log) => {
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
export const showNewest = (log) => {
  const start = newestAnswerStart(log);
  if (!start) return;
  const margin = parseFloat(window.getComputedStyle(log).paddingTop) || 0;
  const startTop = log.scrollTop + start.getBoundingClientRect().top
    - log.getBoundingClientRect().top - margin;
  log.scrollTop = Math.min(startTop, log.scrollHeight - log.clientHeight);
};

/**
 * Appends nodes to `log` in order, even when some wait for furigana.
 * Returns `append(makeNode)` and `settled()`, the promise of the last append.
 */
export const createLogAppender = (log) => {
  let appending = Promise.resolve();
  const append = (makeNode) => {
    appending = appending.then(makeNode).then((node) => {
      log.append(node);
      showNewest(log);
    }).catch(() => {}); // one broken message must not stop the ones after it
    return appending;
  };
  return { append, settled: () => appending };
};
