/* Search in the header box (overrides/partials/search.html), answered from the Pagefind index that
   disclosure_site/post/search_index.py writes into pagefind/. The index holds every run of letters and digits as
   overlapping character pairs, spelled in ASCII; a query is cut the same way, so any word of two or
   more characters that the text holds is found, known to a dictionary or not. The functions fold,
   runs and spell mirror disclosure_site/post/search_index.py: change both together (tests/test_search.py
   runs these functions in Chromium against the index's own).

   Words separated by spaces or punctuation must all occur (AND); each must occur as written
   (consecutive pairs: a Pagefind exact search). The index is fetched only when the box is opened.
   A result opens its page with ?h=<query>; on arrival the words are marked in the page. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SNIPPET_BEFORE = 24;
  var SNIPPET_LENGTH = 90;

  // ------------------------------------------------------------ text as search compares it

  function fold(ch) {
    var plain = ch.normalize("NFKC").toLowerCase();
    return Array.from(plain).length === 1 ? plain : ch;
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

  // ------------------------------------------------------------ marking the words on an opened result

  function markPage() {
    var query = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article) { return; }
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

  var root = document.querySelector("[data-dp-search]");
  if (!root) { return; }
  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = root.querySelector(".md-search__input");
  var status = root.querySelector(".md-search-result__meta");
  var suggest = root.querySelector(".dp-search-suggest");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector(".dp-search-more");
  var bundle = new URL(root.getAttribute("data-dp-bundle"), document.baseURI).href;
  var pagefind = null, searching = 0, lastQuery = null, shown = [], shownCount = 0, currentWords = [];

  function load() {
    if (!pagefind) {
      status.textContent = "正在载入搜索……";
      pagefind = import(bundle).then(function (module) {
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

  function suggestDropping(words) {
    suggest.replaceChildren();
    suggest.hidden = words.length < 2;
    if (suggest.hidden) { return; }
    suggest.appendChild(document.createTextNode("可以试试去掉一个词:"));
    words.forEach(function (_, index) {
      var rest = words.filter(function (__, i) { return i !== index; }).join(" ");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dp-search-suggestion";
      button.textContent = rest;
      button.addEventListener("click", function () {
        input.value = rest;
        input.focus();
        run();
      });
      suggest.appendChild(button);
    });
  }

  function run() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }  // an input method may report the same text twice
    lastQuery = query;
    var ticket = ++searching, words = runs(query);
    root.removeAttribute("data-dp-results-for");
    if (Array.from(words.join("")).length < 2) {
      // One character matches almost every page: wait for the next one (and fetch nothing).
      list.replaceChildren();
      suggest.hidden = true;
      more.hidden = true;
      status.textContent = words.length ? "请再输入一个字。" : "键入以开始搜索";
      root.setAttribute("data-dp-results-for", query);
      return;
    }
    load().then(function (module) {
      return search(module, words).then(function (found) {
        if (ticket !== searching) { return; }
        shown = found;
        shownCount = 0;
        currentWords = words;
        if (!found.length) {
          list.replaceChildren();
          // Echo what the reader typed (ＡＩ), not its folded form (ai).
          status.textContent = words.length > 1 ? "没有找到同时包含“" + query.split(/\s+/).join("”“") + "”的内容。"
                                                : "没有找到包含“" + query + "”的内容。";
          suggestDropping(words);
          more.hidden = true;
          root.setAttribute("data-dp-results-for", query);
          return;
        }
        suggest.hidden = true;
        status.textContent = "找到 " + found.length + " 个符合条件的结果";
        return showMore(ticket, query, true);
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
  input.addEventListener("input", function (event) {
    if (!event.isComposing) { run(); }
  });
  input.addEventListener("compositionend", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { first.click(); }
  });
  form.addEventListener("reset", function () {
    setTimeout(run);
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

  // Keyboard: / or s opens search; arrows move through the results; Escape closes.
  document.addEventListener("keydown", function (event) {
    var target = event.target, typing = target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
    if (!toggle.checked) {
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
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
