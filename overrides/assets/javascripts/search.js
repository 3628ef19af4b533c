/* Search in the header box (overrides/partials/search.html), answered from the Pagefind index that
   disclosure_site/post/search_index.py writes into pagefind/. The index holds every run of letters and digits as
   overlapping character pairs, spelled in ASCII; a query is cut the same way, so any word of two or
   more characters that the text holds is found, known to a dictionary or not. The functions fold,
   runs and spell mirror disclosure_site/post/search_index.py: change both together (tests/test_search.py
   runs these functions in Chromium against the index's own).

   Traditional characters count as their simplified forms on both sides (軟件 finds 软件): the table is
   OpenCC's, written by the build beside the index (pagefind/dp-fold.json) and fetched with it.

   Words separated by spaces or punctuation must all occur (AND); each must occur as written
   (consecutive pairs: a Pagefind exact search). The index is fetched only when the box is opened.
   A result opens its page with ?h=<query>; on arrival the words are marked in the page.

   Keyboard: Ctrl+K (⌘K) opens the box; no single key does anything (WCAG 2.1.4), Material's own
   single-key shortcuts included. The status is announced once the results have settled. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SNIPPET_BEFORE = 24;
  var SNIPPET_LENGTH = 90;

  // ------------------------------------------------------------ text as search compares it

  var simplified = {};  // traditional character -> simplified (dp-fold.json), empty until it has come

  function fold(ch) {
    var plain = ch.normalize("NFKC").toLowerCase();
    if (Array.from(plain).length !== 1) { return ch; }
    return Object.prototype.hasOwnProperty.call(simplified, plain) ? simplified[plain] : plain;
  }

  /* Chinese characters in the blocks and planes kept for them count whether or not this browser's
     Unicode tables know them yet, as in search_index.py (CJK_IDEOGRAPHS). */
  function isWordChar(ch) {
    return /^[\p{L}\p{N}\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]$/u.test(ch);
  }

  /* The runs of letters and digits in the folded text; everything else separates them. */
  function runs(text) {
    var found = [], current = [];
    Array.from(text).forEach(function (ch) {
      var folded = fold(ch);
      if (isWordChar(folded)) {
        current.push(folded);
      } else if (current.length) {
        found.push(current.join(""));
        current = [];
      }
    });
    if (current.length) { found.push(current.join("")); }
    return found;
  }

  function spell(chars) {
    return Array.from(chars).map(function (ch) {
      return ch.codePointAt(0).toString(36).padStart(4, "0");
    }).join("");
  }

  /* One word of the query as a Pagefind query: its character pairs as a phrase; a single
     character as a prefix (it begins the pair of each place it occurs). */
  function pagefindQuery(word) {
    var chars = Array.from(word);
    if (chars.length === 1) { return spell(word); }
    var pairs = [];
    for (var i = 0; i + 1 < chars.length; i++) { pairs.push(spell(chars[i] + chars[i + 1])); }
    return "\"" + pairs.join(" ") + "\"";
  }

  /* Where the words occur in text: [start, end) ranges in code points, sorted, merged. */
  function findWords(chars, words) {
    var folded = chars.map(fold), ranges = [];
    words.forEach(function (word) {
      var w = Array.from(word);
      for (var i = 0; i + w.length <= folded.length; i++) {
        var j = 0;
        while (j < w.length && folded[i + j] === w[j]) { j++; }
        if (j === w.length) { ranges.push([i, i + w.length]); }
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push(r.slice()); }
    });
    return merged;
  }

  /* Text with the words marked, as DOM nodes (never HTML: the text comes from the data). */
  function marked(chars, ranges, from, to) {
    var fragment = document.createDocumentFragment(), at = from;
    ranges.forEach(function (r) {
      var start = Math.max(r[0], from), end = Math.min(r[1], to);
      if (start >= end) { return; }
      if (start > at) { fragment.appendChild(document.createTextNode(chars.slice(at, start).join(""))); }
      var mark = document.createElement("mark");
      mark.textContent = chars.slice(start, end).join("");
      fragment.appendChild(mark);
      at = end;
    });
    if (at < to) { fragment.appendChild(document.createTextNode(chars.slice(at, to).join(""))); }
    return fragment;
  }

  /* A piece of the text around the first place a word occurs, words marked. */
  function snippet(text, words) {
    var chars = Array.from(text.replace(/\s+/g, " ")), ranges = findWords(chars, words);
    var from = ranges.length ? Math.max(0, ranges[0][0] - SNIPPET_BEFORE) : 0;
    var to = Math.min(chars.length, from + SNIPPET_LENGTH);
    var fragment = document.createDocumentFragment();
    if (from > 0) { fragment.appendChild(document.createTextNode("…")); }
    fragment.appendChild(marked(chars, ranges, from, to));
    if (to < chars.length) { fragment.appendChild(document.createTextNode("…")); }
    return fragment;
  }

  var root = document.querySelector("[data-dp-search]");
  if (!root) { return; }
  var bundle = new URL(root.getAttribute("data-dp-bundle"), document.baseURI).href;
  var foldTable = null;

  /* The fold table, once: its two strings hold each traditional character and its simplified form in turn. */
  function loadFolding() {
    if (!foldTable) {
      foldTable = fetch(new URL("dp-fold.json", bundle).href).then(function (response) {
        if (!response.ok) { throw new Error("dp-fold.json: " + response.status); }
        return response.json();
      }).then(function (table) {
        var from = Array.from(table.from), to = Array.from(table.to);
        from.forEach(function (ch, i) { simplified[ch] = to[i]; });
      });
      foldTable.catch(function () { foldTable = null; });
    }
    return foldTable;
  }

  // ------------------------------------------------------------ marking the words on an opened result

  function markPage() {
    var query = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article) { return; }
    loadFolding().then(function () { markWords(query, article); }, function () { markWords(query, article); });
  }

  function markWords(query, article) {
    var words = runs(query);
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      if (node.parentNode.closest("script, style, svg, .md-search")) { return; }
      var chars = Array.from(node.data), ranges = findWords(chars, words);
      if (!ranges.length) { return; }
      node.parentNode.replaceChild(marked(chars, ranges, 0, chars.length), node);
    });
    // Bring the first mark a reader can see into view (some copies of the text are hidden).
    var first = Array.from(article.querySelectorAll("mark")).find(function (mark) {
      // checkVisibility is recent (Chrome 105, Safari 17.4): older phones ask whether it has a box.
      return typeof mark.checkVisibility === "function" ? mark.checkVisibility() : mark.getClientRects().length > 0;
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  // ------------------------------------------------------------ the search box

  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = root.querySelector(".md-search__input");
  var status = root.querySelector(".md-search-result__meta");
  var suggest = root.querySelector(".dp-search-suggest");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector(".dp-search-more");
  var announcer = root.querySelector("[data-dp-search-announce]");
  var pagefind = null, searching = 0, lastQuery = null, shown = [], shownCount = 0, currentWords = [];

  function load() {
    if (!pagefind) {
      status.textContent = "正在载入搜索……";
      pagefind = Promise.all([import(bundle), loadFolding()]).then(function (loaded) {
        var module = loaded[0];
        // No worker: one script less to fetch, and searches this small take a few milliseconds.
        // Snippets are cut here (snippet below), not by Pagefind.
        return module.options({ noWorker: true, excerptLength: 0 }).then(function () { return module; });
      });
      pagefind.then(function () {
        if (!input.value.trim()) { status.textContent = "请输入要搜索的词语(至少两个字)。"; }
      });
      pagefind.catch(function () {
        status.textContent = "搜索暂时无法使用,请稍后再试。";
        pagefind = null;
      });
    }
    return pagefind;
  }

  /* Pages holding every word, best first: Pagefind's score summed over the words. */
  function search(module, words) {
    return Promise.all(words.map(function (word) {
      return module.search(pagefindQuery(word));
    })).then(function (answers) {
      var byPage = new Map();
      answers[0].results.forEach(function (r) { byPage.set(r.id, { result: r, score: r.score }); });
      answers.slice(1).forEach(function (answer) {
        var here = new Map(answer.results.map(function (r) { return [r.id, r.score]; }));
        byPage.forEach(function (entry, id) {
          if (here.has(id)) { entry.score += here.get(id); } else { byPage.delete(id); }
        });
      });
      return Array.from(byPage.values()).sort(function (a, b) { return b.score - a.score; });
    });
  }

  function resultItem(data, words, query) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    var url = new URL(data.url, bundle.replace(/pagefind\/pagefind\.js$/, ""));
    url.searchParams.set("h", query);
    link.href = url.href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    if (data.meta.number) {  // an item: its number first, as the text numbers it
      var number = document.createElement("span");
      number.className = "dp-search-number";
      number.textContent = data.meta.number + " ";
      title.appendChild(number);
    }
    var titleChars = Array.from(data.meta.title || data.url);
    title.appendChild(marked(titleChars, findWords(titleChars, words), 0, titleChars.length));
    article.appendChild(title);
    if (data.meta.disclosure) {  // set only when the site has several disclosures
      var source = document.createElement("p");
      source.className = "dp-search-source";
      source.textContent = data.meta.disclosure;
      article.appendChild(source);
    }
    var text = document.createElement("p");
    text.appendChild(snippet(data.meta.text || "", words));
    article.appendChild(text);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  /* Draw the next ten results; with replace, in place of the ones shown (at once, so the list is never empty between). */
  function showMore(ticket, query, replace) {
    var page = shown.slice(shownCount, shownCount + PAGE_SIZE);
    shownCount += page.length;
    more.hidden = true;
    return Promise.all(page.map(function (entry) { return entry.result.data(); })).then(function (pages) {
      if (ticket !== searching) { return; }
      var items = pages.map(function (data) { return resultItem(data, currentWords, query); });
      if (replace) { list.replaceChildren.apply(list, items); } else { list.append.apply(list, items); }
      more.hidden = shownCount >= shown.length;
      root.setAttribute("data-dp-results-for", query);
    });
  }

  function suggestionButton(text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "dp-search-suggestion";
    button.textContent = text;
    button.addEventListener("click", function () {
      input.value = text;
      input.focus();
      run();
    });
    return button;
  }

  /* Several words found nowhere together: drop one. One word found nowhere: the shorter parts of it
     that the text does hold (工业母机厂 -> 工业母机), or else a hint to say it another way. */
  function suggestAfterMiss(module, words, ticket) {
    suggest.replaceChildren();
    if (words.length > 1) {
      suggest.appendChild(document.createTextNode("可以试试去掉一个词:"));
      words.forEach(function (_, index) {
        suggest.appendChild(suggestionButton(words.filter(function (__, i) { return i !== index; }).join(" ")));
      });
      suggest.hidden = false;
      return Promise.resolve("可以试试去掉一个词。");
    }
    var chars = Array.from(words[0]);
    /* The longest parts first; the first length at which some part is found is offered. */
    function tryLength(length) {
      if (length < 2) { return Promise.resolve([]); }
      var parts = [];
      for (var start = 0; start + length <= chars.length; start++) {
        var part = chars.slice(start, start + length).join("");
        if (parts.indexOf(part) < 0) { parts.push(part); }
      }
      return Promise.all(parts.map(function (part) { return search(module, [part]); })).then(function (answers) {
        var found = parts.filter(function (part, i) { return answers[i].length; });
        return found.length || ticket !== searching ? found.slice(0, 3) : tryLength(length - 1);
      });
    }
    return tryLength(Math.min(chars.length - 1, 8)).then(function (found) {
      if (ticket !== searching) { return ""; }
      if (found.length) {
        suggest.appendChild(document.createTextNode("可以试试较短的词:"));
        found.forEach(function (part) { suggest.appendChild(suggestionButton(part)); });
      } else {
        suggest.appendChild(document.createTextNode("请检查用字,或换一个说法、少输入几个字再试。"));
      }
      suggest.hidden = false;
      return found.length ? "可以试试较短的词:" + found.join("、") + "。" : "请检查用字,或换一个说法再试。";
    });
  }

  /* What the status region says aloud: once, when the results have settled (not at every keystroke). */
  var announceTimer = null, announced = "";
  function announce(message) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      if (message !== announced) {
        announcer.textContent = message;
        announced = message;
      }
    }, 800);
  }

  /* Whether the query holds traditional characters, searched as simplified ones: said with the count. */
  function foldedNote(query) {
    var plain = Array.from(query.normalize("NFKC").toLowerCase());
    var folded = plain.map(fold).join("");
    return folded !== plain.join("") ? "(已按简体字“" + folded + "”搜索)" : "";
  }

  function run() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }  // an input method may report the same text twice
    lastQuery = query;
    var ticket = ++searching, typed = runs(query);
    clearTimeout(announceTimer);
    root.removeAttribute("data-dp-results-for");
    if (Array.from(typed.join("")).length < 2) {
      // One character matches almost every page: wait for the next one (and fetch nothing).
      list.replaceChildren();
      suggest.hidden = true;
      more.hidden = true;
      status.textContent = typed.length ? "请再输入一个字。" : "键入以开始搜索";
      root.setAttribute("data-dp-results-for", query);
      return;
    }
    load().then(function (module) {
      var words = runs(query);  // folded now that the table has come
      return search(module, words).then(function (found) {
        if (ticket !== searching) { return; }
        shown = found;
        shownCount = 0;
        currentWords = words;
        if (!found.length) {
          list.replaceChildren();
          // Echo what the reader typed (ＡＩ), not its folded form (ai).
          status.textContent = (words.length > 1 ? "没有找到同时包含“" + query.split(/\s+/).join("”“") + "”的内容。"
                                                 : "没有找到包含“" + query + "”的内容。") + foldedNote(query);
          more.hidden = true;
          return suggestAfterMiss(module, words, ticket).then(function (hint) {
            if (ticket !== searching) { return; }
            root.setAttribute("data-dp-results-for", query);
            announce(status.textContent + hint);
          });
        }
        suggest.hidden = true;
        status.textContent = "找到 " + found.length + " 个符合条件的结果" + foldedNote(query);
        return showMore(ticket, query, true).then(function () {
          if (ticket === searching) { announce(status.textContent); }
        });
      });
    }).catch(function (error) {
      if (ticket !== searching) { return; }
      status.textContent = "搜索出错,请再试一次。";
      root.setAttribute("data-dp-results-for", query);
      console.error(error);
    });
  }

  function open() {
    if (!toggle.checked) { toggle.checked = true; }
    load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", open);
  // A keyboard reader who tabs past the search box leaves search: the overlay must not stay over the page.
  root.addEventListener("focusout", function (event) {
    if (toggle.checked && event.relatedTarget && !root.contains(event.relatedTarget)) { close(); }
  });
  // The reset button is in the tab order whenever there is something to clear (Material shows it then).
  var reset = root.querySelector("button[type=reset]");
  function offerReset() { reset.tabIndex = input.value ? 0 : -1; }
  input.addEventListener("input", function (event) {
    offerReset();
    if (!event.isComposing) { run(); }
  });
  input.addEventListener("compositionend", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { first.click(); }
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { offerReset(); run(); });
    input.focus();
  });
  more.addEventListener("click", function () {
    var next = shownCount;
    showMore(searching, input.value.trim()).then(function () {
      var link = list.querySelectorAll("a")[next];
      if (link) { link.focus(); }
    });
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { input.focus(); } else { input.blur(); }
  });

  function typingIn(target) {
    return target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
  }

  // No single key is a shortcut (WCAG 2.1.4: a speech user's words would fire them): a printable key
  // pressed outside a text field goes no further than the page's default, so Material's own
  // shortcuts (p, n, comma, full stop: previous and next page) never see it. Capture on window runs
  // before any other listener.
  window.addEventListener("keydown", function (event) {
    if (event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey &&
        !typingIn(event.target)) {
      event.stopImmediatePropagation();
    }
  }, true);

  // Keyboard: Ctrl+K (⌘K on a Mac) opens search; arrows move through the results; Escape closes.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!toggle.checked) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        open();
        input.focus();
      }
      return;
    }
    if (!root.contains(target)) { return; }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var links = Array.from(list.querySelectorAll("a")), at = links.indexOf(document.activeElement);
    if (!links.length) { return; }
    event.preventDefault();
    if (event.key === "ArrowDown") {
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (at <= 0) {
      input.focus();
    } else {
      links[at - 1].focus();
    }
  });

  markPage();
})();
