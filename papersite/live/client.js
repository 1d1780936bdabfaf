// The live preview's part of every page (injected by `python -m papersite serve`,
// never published): reloads the page when its language rebuilt it, shows the
// checks' verdicts on what was saved over the page, and says while the PDF is
// being rebuilt.
(() => {
  "use strict";
  const language = location.pathname.split("/").filter(Boolean)[0] || "";
  const here = location.pathname.endsWith("/") ? `${location.pathname}index.html` : location.pathname;

  function box(id, css) {
    let element = document.getElementById(id);
    if (!element) {
      element = document.createElement("div");
      element.id = id;
      element.style.cssText = css;
      document.body.append(element);
    }
    return element;
  }

  // The verdicts: one line each, as text (they quote what translators wrote).
  function showProblems(lines) {
    const old = document.getElementById("papersite-live-problems");
    if (!lines.length) {
      if (old) old.remove();
      return;
    }
    const overlay = box("papersite-live-problems",
      "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:40vh;overflow:auto;margin:0;" +
      "padding:.75rem 1rem;background:#fff3f3;color:#6b0000;border-top:3px solid #b00020;" +
      "font:14px/1.4 ui-monospace,monospace;box-shadow:0 -2px 8px rgba(0,0,0,.2)");
    overlay.setAttribute("role", "alert");
    overlay.replaceChildren();
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.style.cssText = "float:right;font-size:1.25rem;border:0;background:none;color:inherit;cursor:pointer";
    close.addEventListener("click", () => overlay.remove());
    overlay.append(close);
    for (const line of lines) {
      const row = document.createElement("p");
      row.className = "papersite-live-problem";
      row.style.cssText = "margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere";
      row.textContent = line;
      overlay.append(row);
    }
  }

  function showProgress(state) {
    const words = state.html === "building" ? "Rebuilding the pages…"
      : state.pdf === "building" ? "PDF updating…"
      : state.pdf === "failed" ? "PDF not updated (see the problems)" : "";
    const old = document.getElementById("papersite-live-status");
    for (const link of document.querySelectorAll("a[href$='.pdf']")) {
      if (state.pdf === "building") link.setAttribute("aria-busy", "true");
      else link.removeAttribute("aria-busy");
    }
    if (!words) {
      if (old) old.remove();
      return;
    }
    const status = box("papersite-live-status",
      "position:fixed;right:1rem;top:1rem;z-index:2147483647;padding:.4rem .8rem;border-radius:1rem;" +
      "background:#1a1a1a;color:#fff;font:13px/1.4 system-ui,sans-serif;opacity:.9");
    status.setAttribute("role", "status");
    status.dataset.pdf = state.pdf;
    status.dataset.html = state.html;
    status.textContent = words;
  }

  function connect() {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/_live/socket`);
    socket.addEventListener("open", () => { document.documentElement.dataset.liveConnected = "true"; });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.language !== language) return;
      if (message.type === "reload" && (message.pages === null || message.pages.includes(here))) {
        location.reload();
      } else if (message.type === "state") {
        showProblems(message.problems);
        showProgress(message);
      }
    });
    // The server restarted or went away: try again, and reload once it is back.
    socket.addEventListener("close", () => setTimeout(() => fetch("/_live/status").then(() => location.reload(), connect), 1000));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect);
  else connect();
})();
