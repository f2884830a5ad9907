/* The "Tìm kiếm" page: full-text search with Pagefind's JS API.

   The index (pagefind/<shard>/, listed in pagefind/shards.json) is written
   into the site by every build (see plugins/newsroom/search_index.py); only the articles' own text is indexed
   (data-pagefind-body in article.html). Pagefind's prebuilt UI is not used:
   this script draws the form's filters, the results and the messages in the
   portal's own markup.

   The "đ" variants of a query typed without diacritics, and the merging and
   ranking of their results, are in search-query.js (window.PortalSearchQuery,
   loaded just before this script), tested in node (tests/js/).

   The query and the filters live in the address (?q=…&chuyen_muc=…), kept up
   to date with history.replaceState, so a search can be shared or reloaded. */
(function () {
  "use strict";

  var root = document.querySelector("[data-search]");
  var Q = window.PortalSearchQuery;
  if (!root) return;

  var PAGE_SIZE = 20;        // results shown at once ("Xem thêm kết quả" for more)
  var DEBOUNCE_MS = 250;
  var SORT_KEY = "sap_xep", NEWEST = "moi-nhat";

  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var filterBox = root.querySelector("[data-search-filters]");
  var filterGrid = root.querySelector("[data-search-filter-grid]");
  var filterCount = root.querySelector("[data-search-filter-count]");
  var sortBox = root.querySelector("[data-search-sort]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var empty = root.querySelector("[data-search-empty]");
  var more = root.querySelector("[data-search-more]");
  var failure = root.querySelector("[data-search-error]");
  var baseTitle = document.title;
  var sections = [];         // the portal's sections in menu order, for the filter
  try { sections = JSON.parse(root.getAttribute("data-sections") || "[]"); } catch (e) { sections = []; }

  var pagefind = null;
  var shards = [];           // the index's shards, newest first (pagefind/shards.json)
  var SHARD = "shard";       // the filter each shard is tagged with
  var selects = {};          // filter key -> <select>
  var sortSelect = null;
  var clearButton = null;
  var seq = 0;               // the latest search; older answers are dropped
  var timer = 0;
  var current = null;        // { total, next(n), shown }
  var known = new Map();     // word form -> Promise<boolean>: does it occur in the index?

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  /* ---- Loading Pagefind and drawing the filters ---- */

  // The index comes in shards (pagefind/shards.json lists them, newest first):
  // the first is loaded, the others merged into it, each tagged with its name
  // as a filter so that "Mới nhất" can ask them one by one (a merged search is
  // ordered by score, and scores of two shards' sorted lists do not compare).
  function start() {
    var listing = new URL(root.getAttribute("data-pagefind-shards"), document.baseURI);
    var siteRoot = new URL(root.getAttribute("data-site-root"), document.baseURI);
    function tag(name) { var f = {}; f[SHARD] = name; return f; }
    return fetch(listing.href, { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error("no shards.json");
        return response.json();
      })
      .then(function (found) {
        shards = (found && found.shards) || [];
        if (!Q) throw new Error("search-query.js did not load");
        if (!shards.length) throw new Error("an empty index");
        return import(new URL(shards[0] + "/pagefind.js", listing).href);
      })
      .then(function (module) {
        pagefind = module;
        return pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 30, mergeFilter: tag(shards[0]) });
      })
      .then(function () {
        return Promise.all(shards.slice(1).map(function (name) {
          var bundle = new URL(name + "/", listing).pathname;
          return pagefind.mergeIndex(bundle, { baseUrl: siteRoot.pathname, mergeFilter: tag(name) });
        }));
      })
      .then(function () { return pagefind.filters(); })
      .then(function (available) {
        drawFilters(available || {});
        if (input.value.trim() || Object.keys(chosenFilters()).length) run();
      })
      .catch(function () {
        pagefind = null;
        failure.hidden = false;
        filterBox.hidden = true;
      });
  }

  function labelled(id, text, control, parent) {
    var box = el("div", "search-filter");
    var label = el("label");
    label.htmlFor = id;
    label.textContent = text;
    control.id = id;
    box.appendChild(label);
    box.appendChild(control);
    (parent || filterGrid).appendChild(box);
  }

  function drawFilters(available) {
    Q.FILTERS.forEach(function (filter) {
      var values = Object.keys(available[filter.key] || {});
      if (!values.length) return;
      var select = el("select");
      select.name = filter.key;
      select.appendChild(new Option("Tất cả", ""));
      Q.orderValues(filter.key, values, sections).forEach(function (value) {
        select.appendChild(new Option(value, value));
      });
      var wanted = params.get(filter.key);
      if (wanted && values.indexOf(wanted) >= 0) select.value = wanted;
      select.addEventListener("change", changed);
      selects[filter.key] = select;
      labelled("loc-" + filter.key.replace(/_/g, "-"), filter.label, select);
    });
    if (!Object.keys(selects).length) return;

    sortSelect = el("select");
    sortSelect.name = SORT_KEY;
    sortSelect.appendChild(new Option("Phù hợp nhất", ""));
    sortSelect.appendChild(new Option("Mới nhất", NEWEST));
    if (params.get(SORT_KEY) === NEWEST) sortSelect.value = NEWEST;
    sortSelect.addEventListener("change", changed);
    labelled("sap-xep", "Sắp xếp", sortSelect, sortBox);

    clearButton = el("button", "search-clear");
    clearButton.type = "button";
    clearButton.textContent = "Bỏ lọc";
    clearButton.addEventListener("click", function () {
      Object.keys(selects).forEach(function (key) { selects[key].value = ""; });
      input.focus();
      changed();
    });
    var box = el("div", "search-filter search-filter-action");
    box.appendChild(clearButton);
    filterGrid.appendChild(box);
    showClear();
    // Open on wide screens, or when the address already asks for a filter;
    // on a phone the results come first.
    filterBox.open = window.matchMedia("(min-width: 48em)").matches || Object.keys(chosenFilters()).length > 0;
    filterBox.hidden = false;
  }

  function chosenFilters() {
    var chosen = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key].value) chosen[key] = selects[key].value;
    });
    return chosen;
  }

  function showClear() {
    var count = Object.keys(chosenFilters()).length;
    if (clearButton) clearButton.hidden = !count;
    filterCount.textContent = count ? " (" + count + " bộ lọc)" : "";
  }

  function changed() {
    showClear();
    window.clearTimeout(timer);
    run();
  }

  /* ---- Searching ---- */

  // Does a word (form) occur in the index at all? A form that does not can
  // only make a variant that finds nothing. Cached for the page's life.
  function occurs(word) {
    var key = word.toLocaleLowerCase("vi");
    if (!known.has(key)) {
      known.set(key, pagefind.search(word).then(function (found) {
        return !!(found && found.results.length);
      }, function () { return false; }));
    }
    return known.get(key);
  }

  // Every search of `queries` (the first is the query as typed), merged by
  // page. Returns { total, next(n) }: next gives the following n entries.
  function searchAll(queries, filters, newest) {
    if (!newest) {
      return Promise.all(queries.map(function (q) { return pagefind.search(q, { filters: filters }); }))
        .then(function (responses) { return Q.rank(queries, responses, false); });
    }
    // Newest first: each shard's own sorted list (one search per shard and query),
    // merged by date.
    var asked = [], searches = [];
    shards.forEach(function (name) {
      var only = Object.assign({}, filters);
      only[SHARD] = name;
      queries.forEach(function (q) {
        asked.push(q);
        searches.push(pagefind.search(q, { filters: only, sort: { date: "desc" } }));
      });
    });
    return Promise.all(searches).then(function (responses) { return Q.rank(asked, responses, true); });
  }

  /* ---- Showing results ---- */

  function render(data) {
    var item = el("li", "search-result");
    var heading = el("h2", "search-result-title");
    var link = el("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    // Line breaks between the blocks, as in the server-rendered listings, so
    // the item's text reads "… 2026\n06/01/2026 …" and not "… 202606/01/2026".
    item.appendChild(heading);
    item.appendChild(document.createTextNode("\n"));

    var meta = el("p", "meta");
    if (data.meta && data.meta.date) {
      var time = el("time");
      time.textContent = data.meta.date;
      if (data.meta.datetime) time.dateTime = data.meta.datetime;
      meta.appendChild(time);
    }
    if (data.meta && data.meta.section) {
      if (meta.firstChild) {
        var dot = el("span");
        dot.setAttribute("aria-hidden", "true");
        dot.textContent = " · ";
        meta.appendChild(dot);
      }
      meta.appendChild(document.createTextNode(data.meta.section));
    }
    if (!meta.firstChild) meta.textContent = "Trang thông tin";
    item.appendChild(meta);
    item.appendChild(document.createTextNode("\n"));

    if (data.meta && data.meta.image) {
      // The article's photo (Pagefind meta "image", relative to the site root); the
      // title's link says what it is, so the picture is decorative.
      var thumb = el("img", "search-thumb");
      thumb.src = new URL(data.meta.image, new URL(root.getAttribute("data-site-root"), document.baseURI)).href;
      thumb.alt = "";
      thumb.loading = "lazy";
      thumb.decoding = "async";
      item.appendChild(thumb);
    }
    if (data.excerpt) {
      // Pagefind's excerpt: the page's text with < and > escaped and the
      // matched words in <mark>.
      var excerpt = el("p", "search-excerpt");
      var plain = (data.plain_excerpt || "").trim();
      var text = (data.content || "").trim();
      var atStart = plain && text.indexOf(plain) === 0;
      var atEnd = plain && text.slice(-plain.length) === plain;
      excerpt.innerHTML = (atStart ? "" : "… ") + data.excerpt + (atEnd ? "" : " …");
      item.appendChild(excerpt);
    }
    return item;
  }

  function showMore(id, focusFirst) {
    var ranking = current;
    return ranking.next(PAGE_SIZE).then(function (batch) {
      return Promise.all(batch.map(Q.load)).then(function (datas) {
        if (id !== seq) return;
        var first = null;
        datas.forEach(function (data) {
          var item = render(data);
          list.appendChild(item);
          first = first || item;
        });
        ranking.shown += batch.length;
        var left = ranking.total - ranking.shown;
        more.hidden = left <= 0 || !batch.length;
        more.textContent = "Xem thêm kết quả (còn " + left.toLocaleString("vi-VN") + ")";
        if (focusFirst && first) first.querySelector("a").focus();
      });
    });
  }

  function remember(query, filters) {
    var address = new URLSearchParams();
    if (query) address.set("q", query);
    Object.keys(filters).forEach(function (key) { address.set(key, filters[key]); });
    if (query && sortSelect && sortSelect.value) address.set(SORT_KEY, sortSelect.value);
    var search = address.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    } catch (e) { /* a file:// page may refuse */ }
    document.title = query ? query + " – " + baseTitle : baseTitle;
  }

  function reset() {
    current = null;
    list.textContent = "";
    list.removeAttribute("aria-busy");
    more.hidden = true;
    empty.hidden = true;
    sortBox.hidden = true;
    status.textContent = "";
  }

  function run() {
    if (!pagefind) return;
    var id = ++seq;
    var query = Q.normalise(input.value);
    var filters = chosenFilters();
    remember(query, filters);
    if (!query && !Object.keys(filters).length) { reset(); return; }
    // Without a query (filters only) the newest come first.
    var newest = !query || (sortSelect && sortSelect.value === NEWEST);
    list.setAttribute("aria-busy", "true");
    (query ? Q.variants(query, occurs) : Promise.resolve([null]))
      .then(function (queries) {
        if (id !== seq) return null;
        return searchAll(queries, filters, newest);
      })
      .then(function (ranking) {
        if (!ranking || id !== seq) return null;
        ranking.shown = 0;
        current = ranking;
        list.textContent = "";
        return showMore(id, false).then(function () {
          if (id !== seq) return;
          list.removeAttribute("aria-busy");
          empty.hidden = ranking.total > 0;
          // Ordering by relevance needs a query; filters alone list the newest first.
          sortBox.hidden = !(query && sortSelect && ranking.total > 1);
          status.textContent = Q.describe(ranking.total, query, filters);
        });
      })
      .catch(function () {
        if (id !== seq) return;
        reset();
        status.textContent = "Có lỗi khi tìm kiếm. Xin thử lại.";
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });
  more.addEventListener("click", function () {
    if (current) showMore(seq, true);
  });

  start();
})();
