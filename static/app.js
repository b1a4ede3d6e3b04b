// partnerlink: progressive enhancements only; every page works without this file.
// Plain ES2020, no modules. Loaded with `defer` on every page, so every feature
// checks for its elements first and never throws when they are missing.
(function () {
  "use strict";

  var STATUS_CLEAR_MS = 4000;

  function byId(id) {
    return document.getElementById(id);
  }

  function safely(feature) {
    try {
      feature();
    } catch (error) {
      if (window.console && console.error) console.error("partnerlink:", error);
    }
  }

  // ---------------------------------------------------------------------------
  // Email text (request-relationship page)
  // ---------------------------------------------------------------------------

  // Text of the fixed link paragraph as the browser shows it: runs of source
  // whitespace collapse to one space, <br> becomes a line break.
  function visibleText(element) {
    if (!element) return "";
    var BREAK = "\uE000";
    var clone = element.cloneNode(true);
    clone.querySelectorAll("br").forEach(function (br) {
      br.replaceWith(BREAK);
    });
    return (clone.textContent || "")
      .replace(/\s+/g, " ")
      .replace(/ ?\uE000 ?/g, "\n")
      .trim();
  }

  function paragraphValue(id) {
    var element = byId(id);
    if (!element || typeof element.value !== "string") return "";
    return element.value.replace(/\r\n?/g, "\n").trim();
  }

  // Paragraphs separated by one blank line; a paragraph the partner emptied is
  // left out entirely (no double blank lines). Lines end with "\n". The
  // closing (editable too) comes after the link paragraph, like a letter's.
  function emailText() {
    return [
      paragraphValue("email-paragraph-1"),
      paragraphValue("email-paragraph-2"),
      visibleText(byId("email-link-paragraph")),
      paragraphValue("email-closing"),
    ]
      .filter(function (part) {
        return part !== "";
      })
      .join("\n\n");
  }

  function hasEmailParts() {
    return Boolean(
      byId("email-paragraph-1") || byId("email-paragraph-2") || byId("email-link-paragraph") || byId("email-closing")
    );
  }

  // ---------------------------------------------------------------------------
  // 1. Copy button
  // ---------------------------------------------------------------------------

  function setupCopyButton() {
    var button = byId("copy-email");
    if (!button) return;
    // Hidden in the markup: without this script the button would do nothing.
    button.hidden = false;
    var statusTimer = 0;

    function announce(text, clearAfterMs) {
      var status = byId("copy-status");
      if (!status) return;
      window.clearTimeout(statusTimer);
      text = text || "";
      if (status.textContent === text && text !== "") {
        // Same message again: clear first so screen readers announce it anew.
        status.textContent = "";
        window.setTimeout(function () {
          status.textContent = text;
        }, 60);
      } else {
        status.textContent = text;
      }
      if (clearAfterMs) {
        statusTimer = window.setTimeout(function () {
          status.textContent = "";
        }, clearAfterMs);
      }
    }

    function fallbackArea() {
      var area = byId("email-fallback");
      if (area) return area;
      // The template normally provides it; create one if it does not.
      area = document.createElement("textarea");
      area.id = "email-fallback";
      area.className = "email-fallback";
      area.readOnly = true;
      area.rows = 10;
      area.hidden = true;
      area.setAttribute("aria-label", (button.textContent || "").trim() || "Email");
      var anchor = byId("copy-status") || button;
      anchor.insertAdjacentElement("afterend", area);
      return area;
    }

    function showFallback(text) {
      var area = fallbackArea();
      area.value = text;
      area.hidden = false;
      area.focus();
      area.select();
      announce(button.getAttribute("data-fallback-text") || "", 0);
    }

    function copied() {
      var area = byId("email-fallback");
      if (area) area.hidden = true;
      announce(button.getAttribute("data-copied-text") || "", STATUS_CLEAR_MS);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var text = emailText();
      var clipboard = navigator.clipboard;
      if (!clipboard || typeof clipboard.writeText !== "function") {
        showFallback(text);
        return;
      }
      var pending;
      try {
        pending = clipboard.writeText(text);
      } catch (error) {
        showFallback(text);
        return;
      }
      Promise.resolve(pending).then(copied, function () {
        showFallback(text);
      });
    });
  }

  // ---------------------------------------------------------------------------
  // 2. mailto: link kept in sync with the edited paragraphs
  // ---------------------------------------------------------------------------

  function setupMailtoLink() {
    var link = byId("mailto-link");
    if (!link || !hasEmailParts()) return;

    function encodedSubject() {
      var subject = link.getAttribute("data-subject");
      if (subject !== null) return encodeURIComponent(subject);
      // No data-subject: keep whatever subject the server put in the href.
      var match = /[?&]subject=([^&]*)/.exec(link.getAttribute("href") || "");
      return match ? match[1] : "";
    }

    function update() {
      var body = emailText().replace(/\n/g, "\r\n");
      link.setAttribute("href", "mailto:?subject=" + encodedSubject() + "&body=" + encodeURIComponent(body));
    }

    ["email-paragraph-1", "email-paragraph-2", "email-closing"].forEach(function (id) {
      var area = byId(id);
      if (!area) return;
      area.addEventListener("input", update);
      area.addEventListener("change", update);
    });
    // Browsers may restore edited textarea values on back/forward navigation.
    window.addEventListener("pageshow", update);
    update();
  }

  // ---------------------------------------------------------------------------
  // 3. Auto-submitting filter forms: <form data-auto-submit>
  // ---------------------------------------------------------------------------

  // The page a change submits is a new page, and focus would start again at
  // its top: a keyboard user who changed the email language or the checkbox
  // had to Tab back through the whole header. The control is remembered for
  // the next page of that path, which focuses it again.
  var FOCUS_KEY = "partnerlink:auto-submit-focus";

  function controlKey(control) {
    if (control.id) return "#" + control.id;
    return control.tagName.toLowerCase() + "[name=" + control.name + "][type=" + (control.type || "") + "]";
  }

  function rememberFocus(form, control) {
    try {
      var path = new URL(form.action, window.location.href).pathname;
      window.sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ path: path, control: controlKey(control) }));
    } catch (error) {
      // No session storage (disabled, full): focus starts at the top.
    }
  }

  function restoreFocus() {
    var saved;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(FOCUS_KEY) || "null");
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (error) {
      return;
    }
    if (!saved || saved.path !== window.location.pathname) return;
    var found = null;
    document.querySelectorAll("form[data-auto-submit] select, form[data-auto-submit] input").forEach(function (control) {
      if (!found && controlKey(control) === saved.control) found = control;
    });
    if (found) found.focus();
  }

  function setupAutoSubmit() {
    restoreFocus();
    document.querySelectorAll("form[data-auto-submit]").forEach(function (form) {
      form.querySelectorAll(".js-hide").forEach(function (element) {
        element.hidden = true;
      });
      form.addEventListener("change", function (event) {
        var target = event.target;
        if (!target || typeof target.matches !== "function") return;
        if (!target.matches('select, input[type="checkbox"]')) return;
        if (form.getAttribute("data-submitting") === "true") return;
        form.setAttribute("data-submitting", "true");
        rememberFocus(form, target);
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.submit();
        }
        // If a submit handler cancelled the submission, allow another try.
        window.setTimeout(function () {
          form.removeAttribute("data-submitting");
        }, 1500);
      });
    });
  }

  // ---------------------------------------------------------------------------
  // Keyboard access to horizontally scrolling tables (.table-wrap): a scrolling
  // region without anything focusable inside gets tabindex="0".
  // ---------------------------------------------------------------------------

  function setupScrollableTables() {
    var wraps = document.querySelectorAll(".table-wrap");
    if (!wraps.length) return;
    var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

    function check() {
      wraps.forEach(function (wrap) {
        if (wrap.hasAttribute("tabindex") && wrap.getAttribute("data-js-tabindex") !== "true") return;
        var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
        if (scrolls && !wrap.querySelector(FOCUSABLE)) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("data-js-tabindex", "true");
        } else if (!scrolls && wrap.getAttribute("data-js-tabindex") === "true") {
          wrap.removeAttribute("tabindex");
          wrap.removeAttribute("data-js-tabindex");
        }
      });
    }

    var timer = 0;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 150);
    });
    check();
  }

  function init() {
    safely(setupCopyButton);
    safely(setupMailtoLink);
    safely(setupAutoSubmit);
    safely(setupScrollableTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
