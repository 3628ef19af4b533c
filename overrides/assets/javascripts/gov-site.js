/* 适老化 reading settings (text size, high contrast) and the 打印本页 button.
 *
 * A file, never inline, so the site's Content-Security-Policy can forbid inline script.
 * Loaded in <head> without defer, on purpose: the reader's settings apply before the first
 * paint, so a page never flashes in small print. Settings stay in this browser only
 * (localStorage: no cookie, no request). Without this script the controls are not shown
 * (gov-site.css), and the browser's own zoom still works.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var SIZES = { standard: "标准", large: "大", "extra-large": "特大" };
  var SIZE_KEY = "dp-text-size";
  var CONTRAST_KEY = "dp-contrast";

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function write(key, value) {
    try { window.localStorage.setItem(key, value); } catch (error) { /* storage off: this page only */ }
  }

  function apply() {
    var size = read(SIZE_KEY);
    root.setAttribute("data-dp-text-size", SIZES.hasOwnProperty(size) ? size : "standard");
    if (read(CONTRAST_KEY) === "high") {
      root.setAttribute("data-dp-contrast", "high");
    } else {
      root.removeAttribute("data-dp-contrast");
    }
  }

  root.classList.add("dp-js");
  apply();

  function showState() {
    var size = root.getAttribute("data-dp-text-size");
    document.querySelectorAll("[data-dp-size-choice]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-dp-size-choice") === size));
    });
    document.querySelectorAll("[data-dp-contrast-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(root.getAttribute("data-dp-contrast") === "high"));
    });
  }

  function announce(message) {
    var status = document.querySelector("[data-dp-reading-status]");
    if (status) { status.textContent = message; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-dp-size-choice")) {
      var size = button.getAttribute("data-dp-size-choice");
      write(SIZE_KEY, size);
      apply();
      showState();
      announce("字号已设为" + SIZES[size]);
    } else if (button.hasAttribute("data-dp-contrast-toggle")) {
      var high = root.getAttribute("data-dp-contrast") !== "high";
      write(CONTRAST_KEY, high ? "high" : "standard");
      apply();
      showState();
      announce(high ? "已开启高对比度" : "已关闭高对比度");
    } else if (button.classList.contains("dp-print")) {
      window.print();
    } else if (button.hasAttribute("data-dp-copy")) {
      copy(button);
    }
  });

  /* The address, subject or number beside the button, to the clipboard: a phone without a mail app
     does nothing with a mailto: link. The button says it was copied, and so does the status region. */
  function copy(button) {
    var text = button.getAttribute("data-dp-copy");
    var label = button.getAttribute("data-dp-label") || button.textContent;
    button.setAttribute("data-dp-label", label);
    function done(ok) {
      button.textContent = ok ? "已复制" : "请长按文字复制";
      announce(ok ? "已复制:" + text : "未能复制,请长按文字复制");
      setTimeout(function () { button.textContent = label; }, 3000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function fallbackCopy(text) {  // plain http, older phones: a selected text area and the old copy command
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "dp-visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  // A change made in another tab of the site applies here too.
  window.addEventListener("storage", function (event) {
    if (event.key === SIZE_KEY || event.key === CONTRAST_KEY) { apply(); showState(); }
  });

  // The QR code sits in a closed 分享 box; a printout always carries it (browsers without
  // ::details-content in print CSS need the box open).
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.dp-share__details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  document.addEventListener("DOMContentLoaded", showState);
})();
