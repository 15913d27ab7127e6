/*
 * Luton Prevent assistant: the chat widget.
 *
 *   <script src="https://HOST/widget.js" defer></script>
 *
 * Self-contained: no framework, styles inside a shadow root (nothing leaks in or
 * out). Text is always set as text; links are built only from parsed http(s)
 * URLs. The session is kept per browser tab (sessionStorage).
 *
 * Options, as attributes of the script tag:
 *   data-mode="page"        full page (the staff page) instead of a launcher
 *   data-audience="staff"   use the staff API with the signed-in token
 *   data-exit-url="..."     where "Leave this page" goes (default BBC Weather, as GOV.UK)
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ORIGIN = script ? new URL(script.src, location.href).origin : location.origin;
  var OPTS = {
    mode: (script && script.dataset.mode) || "launcher",
    audience: (script && script.dataset.audience) || "parent",
    exitUrl: (script && script.dataset.exitUrl) || "https://www.bbc.co.uk/weather",
    privacyUrl: (script && script.dataset.privacyUrl) || ORIGIN + "/privacy",
  };
  var STORE = "prevent-chat:" + OPTS.audience;
  var TOKEN_KEY = "prevent-chat:staff-token";
  // Shown when the assistant cannot be reached: data/texts.yml `unavailable`, with
  // the numbers from data/contacts.yml, put in by the server (GET /widget.js).
  var OFFLINE = "__UNAVAILABLE__";
  // The widget's own words: data/texts.yml `widget`, put in by the server (GET /widget.js).
  var T = "__WIDGET_TEXTS__";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // Turn bot text into safe nodes: paragraphs, and links only for http(s) URLs.
  var URL_RE = /(https?:\/\/[^\s)]+|www\.[^\s)]+)/g;
  function safeLink(raw) {
    var trimmed = raw.replace(/[.,;:]+$/, "");
    var url;
    try { url = new URL(trimmed.indexOf("www.") === 0 ? "https://" + trimmed : trimmed); } catch (e) { return null; }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    var a = el("a", { href: url.href, target: "_blank", rel: "noopener noreferrer" }, trimmed);
    a.appendChild(el("span", { class: "visually-hidden" }, T.new_tab));
    return { node: a, rest: raw.slice(trimmed.length) };
  }
  function renderText(container, text) {
    text.split(/\n{2,}/).forEach(function (para) {
      var p = el("p");
      para.split("\n").forEach(function (line, i) {
        if (i) p.appendChild(el("br"));
        var last = 0;
        line.replace(URL_RE, function (match, _g, offset) {
          p.appendChild(document.createTextNode(line.slice(last, offset)));
          var link = safeLink(match);
          if (link) { p.appendChild(link.node); p.appendChild(document.createTextNode(link.rest)); }
          else p.appendChild(document.createTextNode(match));
          last = offset + match.length;
          return match;
        });
        p.appendChild(document.createTextNode(line.slice(last)));
      });
      container.appendChild(p);
    });
  }

  class PreventChat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      this.state = this.load();
      var root = this.attachShadow({ mode: "open" });
      root.appendChild(el("link", { rel: "stylesheet", href: ORIGIN + "/widget.css" }));
      this.root = root;
      this.build();
      this.renderTranscript();
      this.listenForShift();
      if (OPTS.mode === "page") this.open(false);
    }

    load() {
      try {
        var saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
        if (saved && saved.sessionId) return saved;
      } catch (e) { /* a broken entry starts a fresh session */ }
      return { sessionId: newSessionId(), transcript: [], turn: 0 };
    }
    save() { sessionStorage.setItem(STORE, JSON.stringify(this.state)); }

    build() {
      var page = OPTS.mode === "page";
      var wrap = el("div", { class: "pc" + (page ? " pc--page" : "") });
      if (!page) {
        this.launcher = el("button", { class: "pc-launcher", type: "button", "aria-expanded": "false", "aria-controls": "pc-panel" }, T.launcher);
        this.launcher.addEventListener("click", () => this.open(true));
        wrap.appendChild(this.launcher);
      }
      var panel = el("section", { id: "pc-panel", class: "pc-panel", "aria-labelledby": "pc-title" });
      if (!page) panel.hidden = true;
      var header = el("div", { class: "pc-header" });
      header.appendChild(el("h2", { id: "pc-title", class: "pc-title", tabindex: "-1" }, OPTS.audience === "staff" ? T.title_staff : T.title_parent));
      var exit = el("a", { class: "pc-exit", href: OPTS.exitUrl, role: "button" }, T.exit);
      exit.addEventListener("click", (e) => { e.preventDefault(); this.exitPage(); });
      header.appendChild(exit);
      if (!page) {
        var close = el("button", { class: "pc-close", type: "button", "aria-label": T.close_label }, T.close);
        close.addEventListener("click", () => this.close());
        header.appendChild(close);
      }
      panel.appendChild(header);

      var banners = el("div", { class: "pc-banners" });
      banners.appendChild(el("p", { class: "pc-banner pc-banner--emergency" }, T.not_for_emergencies));
      var monitored = el("p", { class: "pc-banner" }, T.not_monitored);
      monitored.appendChild(el("a", { href: OPTS.privacyUrl, target: "_blank", rel: "noopener noreferrer" }, T.privacy_link));
      banners.appendChild(monitored);
      panel.appendChild(banners);

      this.log = el("div", { class: "pc-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
      panel.appendChild(this.log);
      this.typing = el("p", { class: "pc-typing", hidden: "" }, T.typing);
      panel.appendChild(this.typing);
      this.error = el("div", { class: "pc-error", role: "alert", hidden: "" });
      panel.appendChild(this.error);
      this.replies = el("div", { class: "pc-replies", role: "group", "aria-label": T.suggested_replies });
      panel.appendChild(this.replies);

      var form = el("form", { class: "pc-form" });
      form.appendChild(el("label", { for: "pc-input", class: "pc-label" }, T.input_label));
      var row = el("div", { class: "pc-row" });
      this.input = el("input", { id: "pc-input", class: "pc-input", type: "text", maxlength: String(T.max_chars), autocomplete: "off", "aria-describedby": "pc-hint" });
      row.appendChild(this.input);
      row.appendChild(el("button", { class: "pc-send", type: "submit" }, T.send));
      form.appendChild(row);
      form.appendChild(el("p", { id: "pc-hint", class: "pc-hint" }, T.input_hint));
      form.addEventListener("submit", (e) => { e.preventDefault(); this.send(this.input.value); });
      panel.appendChild(form);

      var restart = el("button", { class: "pc-restart", type: "button" }, T.restart);
      restart.addEventListener("click", () => this.restart());
      panel.appendChild(restart);

      wrap.appendChild(panel);
      this.panel = panel;
      this.root.appendChild(wrap);
    }

    open(moveFocus) {
      this.panel.hidden = false;
      if (this.launcher) { this.launcher.setAttribute("aria-expanded", "true"); this.launcher.hidden = true; }
      this.showNewest();
      if (moveFocus) this.input.focus();
    }
    close() {
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
    }

    renderTranscript() {
      this.log.textContent = "";
      this.state.transcript.forEach((m) => this.appendMessage(m, false));
      var last = this.state.transcript[this.state.transcript.length - 1];
      this.showReplies(last && last.from === "bot" ? last.buttons || [] : []);
      this.showNewest();
    }

    // Scroll the log to the start of the newest answer (the first message of the
    // last reply), not to the bottom: a long answer scrolled to its end hides how
    // it begins. A short one fits, and the browser stops at the bottom anyway.
    // While the reader waits for a reply, their own message is at the bottom.
    showNewest() {
      var items = this.log.querySelectorAll(".pc-msg");
      var first = null;
      for (var i = items.length - 1; i >= 0 && items[i].classList.contains("pc-msg--bot"); i--) first = items[i];
      // offsetTop counts from the log's padding edge (.pc-log is positioned); keep its 8 px of padding above
      this.log.scrollTop = first ? Math.max(0, first.offsetTop - 8) : this.log.scrollHeight;
    }

    appendMessage(m) {
      var item = el("div", { class: "pc-msg pc-msg--" + m.from });
      item.appendChild(el("span", { class: "visually-hidden" }, m.from === "user" ? T.you_said : T.assistant_said));
      // a notice in the parent's own language carries its language and direction
      // (Urdu and Arabic right to left), so screen readers and the layout follow it
      var attrs = { class: "pc-body" };
      if (m.lang) { attrs.lang = m.lang; attrs.dir = m.dir === "rtl" ? "rtl" : "ltr"; }
      var body = el("div", attrs);
      if (m.from === "user") body.appendChild(el("p", {}, m.text));
      else renderText(body, m.text);
      item.appendChild(body);
      if (m.from === "bot" && m.feedback !== false) item.appendChild(this.feedbackControls(m));
      this.log.appendChild(item);
    }

    feedbackControls(m) {
      var group = el("div", { class: "pc-feedback", role: "group", "aria-label": T.feedback_question });
      // Each button is named by the words it shows (WCAG 2.5.3 Label in Name), so a
      // speech-control user can say "click Helpful"; the group gives the question.
      [["up", "👍", T.helpful], ["down", "👎", T.not_helpful]].forEach((f) => {
        var b = el("button", { type: "button", class: "pc-fb", "aria-pressed": String(m.rating === f[0]) });
        b.appendChild(el("span", { "aria-hidden": "true" }, f[1] + " "));
        b.appendChild(document.createTextNode(f[2]));
        b.addEventListener("click", () => this.rate(m, f[0], group));
        group.appendChild(b);
      });
      return group;
    }

    showReplies(buttons) {
      this.replies.textContent = "";
      (buttons || []).forEach((b) => {
        var btn = el("button", { type: "button", class: "pc-reply" }, b.title);
        btn.addEventListener("click", () => this.send(b.payload, b.title));
        this.replies.appendChild(btn);
      });
    }

    headers() {
      var h = { "content-type": "application/json" };
      if (OPTS.audience === "staff") h.authorization = "Bearer " + (sessionStorage.getItem(TOKEN_KEY) || "");
      return h;
    }

    async send(message, shownAs) {
      var text = (message || "").trim();
      if (!text) { this.showError(T.empty_message); this.input.focus(); return; }
      if (text.length > T.max_chars) { this.showError(T.too_long); return; }
      this.hideError();
      this.input.value = "";
      this.showReplies([]);
      var mine = { from: "user", text: shownAs || text };
      this.state.transcript.push(mine);
      this.state.turn += 1;
      this.save();
      this.appendMessage(mine);
      this.typing.hidden = false;
      this.showNewest();
      try {
        var res = await fetch(ORIGIN + "/api/chat/" + OPTS.audience, {
          method: "POST", headers: this.headers(),
          body: JSON.stringify({ session_id: this.state.sessionId, message: text }),
        });
        var data = await res.json().catch(() => ({}));
        if (!res.ok) {
          if (res.status === 401 && OPTS.audience === "staff") this.dispatchEvent(new CustomEvent("signed-out", { bubbles: true }));
          throw new Error(typeof data.detail === "string" ? data.detail : OFFLINE);
        }
        var turn = this.state.turn;
        (data.messages || []).forEach((m) => {
          var bot = { from: "bot", text: m.text, buttons: m.buttons || [], turn: turn, lang: m.lang, dir: m.dir };
          this.state.transcript.push(bot);
          this.appendMessage(bot);
        });
        var last = (data.messages || [])[data.messages.length - 1];
        this.showReplies(last ? last.buttons : []);
        this.showNewest();
        this.save();
      } catch (err) {
        this.showError(err && err.message && err.message.indexOf(T.emergency) >= 0 ? err.message : OFFLINE);
      } finally {
        this.typing.hidden = true;
        // the reader may have closed the chat while waiting: leave their focus where it is
        if (!this.panel.hidden) this.input.focus();
      }
    }

    async rate(m, rating, group) {
      m.rating = rating;
      this.save();
      group.querySelectorAll("button").forEach((b, i) => b.setAttribute("aria-pressed", String((i === 0 ? "up" : "down") === rating)));
      try {
        await fetch(ORIGIN + "/api/feedback", {
          method: "POST", headers: this.headers(),
          body: JSON.stringify({ session_id: this.state.sessionId, turn: m.turn || 0, rating: rating }),
        });
      } catch (e) { /* feedback is best effort */ }
    }

    showError(text) { this.error.textContent = text; this.error.hidden = false; }
    hideError() { this.error.hidden = true; this.error.textContent = ""; }

    restart() {
      this.state = { sessionId: newSessionId(), transcript: [], turn: 0 };
      this.save();
      this.hideError();
      this.renderTranscript();
      this.input.focus();
    }

    // GOV.UK "Exit this page": also on pressing Shift three times in a row.
    listenForShift() {
      var presses = 0, timer = null;
      document.addEventListener("keydown", (e) => {
        if (e.key !== "Shift" || e.repeat) { if (e.key !== "Shift") presses = 0; return; }
        presses += 1;
        clearTimeout(timer);
        timer = setTimeout(() => { presses = 0; }, 5000);
        if (presses >= 3) this.exitPage();
      });
    }
    exitPage() {
      try {
        Object.keys(sessionStorage).forEach((k) => { if (k.indexOf("prevent-chat") === 0) sessionStorage.removeItem(k); });
      } catch (e) { /* storage may be blocked */ }
      this.log.textContent = "";
      document.body.textContent = "";
      location.replace(OPTS.exitUrl);
    }
  }

  if (!customElements.get("prevent-chat")) customElements.define("prevent-chat", PreventChat);
  function boot() {
    if (!document.querySelector("prevent-chat")) document.body.appendChild(document.createElement("prevent-chat"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();
})();
