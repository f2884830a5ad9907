/* The search page's pure logic, apart from the page it draws: the "đ"
   variants of a query, the ranking of the merged results, the order of the
   filters' values and the status line's wording. No DOM and no
   Pagefind here; whatever needs the index (does a word occur? a result's
   data?) is passed in as a function returning a promise.

   Loaded in the browser as a plain deferred script before search.js (it
   defines window.PortalSearchQuery) and in node by the tests in tests/js/
   (module.exports), so no bundler is needed for either.

   Vietnamese typed without diacritics: Pagefind (≥ 1.5) folds combining
   marks, so "phong chong dich" finds "phòng, chống dịch", but "đ" is a letter
   of its own, not "d" with a mark. So each word with a "d" is also tried with
   "đ" (the word-initial "d" first: a Vietnamese "đ" starts a syllable),
   keeping only forms that occur in the index, and the searches are merged by
   page. A query typed with diacritics says which word the reader means: its
   own results come first, then pages found only through a variant. A query
   typed without any ("duong") says nothing of the kind, so all are ranked by
   score. */
(function (global, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else global.PortalSearchQuery = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MAX_SEARCHES = 8;      // the query as typed + at most 7 "đ" variants
  var MAX_FORMS = 4;         // forms tried for one word, itself included
  var MAX_D_PER_WORD = 3;    // "d"s of one word that may become "đ"
  var MAX_COMBOS = 64;       // partial combinations kept while combining words
  var FILTERS = [            // data-pagefind-filter names in article.html
    { key: "chuyen_muc", label: "Chuyên mục" },
    { key: "phong_trao", label: "Phong trào" },
    { key: "loai_van_ban", label: "Loại văn bản" },
    { key: "nam", label: "Năm" }
  ];

  /* ---- Text ---- */

  // The query as searched: trimmed, runs of white space made one space.
  function normalise(query) {
    return String(query || "").trim().replace(/\s+/g, " ");
  }

  // Anything outside ASCII: the reader typed diacritics (or "đ").
  function hasDiacritics(query) {
    return /[^\u0000-\u007f]/.test(query || "");
  }

  /* ---- "d" / "đ" variants of the query ---- */

  function withDStroke(word, positions) {
    var chars = Array.from(word);
    positions.forEach(function (i) { chars[i] = chars[i] === "D" ? "Đ" : "đ"; });
    return chars.join("");
  }

  // The word itself, then its forms with "đ" for "d": the word-initial letter
  // first, then fewer replacements first; at most MAX_FORMS in all.
  function forms(word) {
    var chars = Array.from(word);
    var first = chars.findIndex(function (c) { return /\p{L}/u.test(c); });
    var at = [];
    chars.forEach(function (c, i) {
      if ((c === "d" || c === "D") && at.length < MAX_D_PER_WORD) at.push(i);
    });
    if (!at.length) return [word];
    var masks = [];
    for (var mask = 1; mask < (1 << at.length); mask++) masks.push(mask);
    function rank(mask) {
      var bits = 0, initial = false;
      at.forEach(function (pos, i) {
        if (mask & (1 << i)) { bits++; if (pos === first) initial = true; }
      });
      return (initial ? 0 : 10) + bits;
    }
    masks.sort(function (a, b) { return rank(a) - rank(b) || a - b; });
    return [word].concat(masks.slice(0, MAX_FORMS - 1).map(function (mask) {
      return withDStroke(word, at.filter(function (pos, i) { return mask & (1 << i); }));
    }));
  }

  // One form per word, as indices into each word's options: fewest changed
  // words first, then the earlier (likelier) forms; at most MAX_SEARCHES
  // queries, the first being the query as typed.
  function combine(choices) {
    var combos = [[]];
    function cost(combo) {
      var changed = 0, sum = 0;
      combo.forEach(function (i) { if (i) changed++; sum += i; });
      return changed * 100 + sum;
    }
    choices.forEach(function (options) {
      var next = [];
      combos.forEach(function (combo) {
        options.forEach(function (o, i) { next.push(combo.concat(i)); });
      });
      combos = next.sort(function (a, b) { return cost(a) - cost(b); }).slice(0, MAX_COMBOS);
    });
    return combos.slice(0, MAX_SEARCHES).map(function (combo) {
      return combo.map(function (i, w) { return choices[w][i]; }).join(" ");
    });
  }

  // [query as typed, variant, …], at most MAX_SEARCHES ([] for a blank
  // query). `occurs(form)` says
  // (as a promise) whether a form occurs in the index: a form that does not
  // can only make a variant that finds nothing.
  function variants(query, occurs) {
    var words = normalise(query).split(" ").filter(Boolean);
    if (!words.length) return Promise.resolve([]);
    return Promise.all(words.map(function (word) {
      var candidates = forms(word);
      return Promise.all(candidates.slice(1).map(function (c) { return occurs(c); })).then(function (found) {
        return [word].concat(candidates.slice(1).filter(function (c, i) { return found[i]; }));
      });
    })).then(combine);
  }

  /* ---- Merging and ranking the searches' results ---- */

  // A result's data (Pagefind's result.data()), fetched once per page.
  function load(entry) {
    if (!entry.data) entry.data = entry.result.data();
    return entry.data;
  }

  // Pagefind's responses to `queries` (the first is the query as typed),
  // merged by page: { pages: Map id -> entry, lists: [entries per response] }.
  // An entry keeps the best score of any search and that search's result (its
  // excerpt); `exact` marks pages found by a query typed with diacritics.
  function merge(queries, responses) {
    var pages = new Map();
    var typedWithMarks = hasDiacritics(queries[0]);
    var lists = responses.map(function (response, n) {
      return ((response && response.results) || []).map(function (result) {
        var entry = pages.get(result.id);
        if (!entry) {
          entry = { id: result.id, result: result, score: result.score, exact: typedWithMarks && n === 0, data: null };
          pages.set(result.id, entry);
        } else if (result.score > entry.score) {
          entry.score = result.score;
          entry.result = result;
        }
        return entry;
      });
    });
    return { pages: pages, lists: lists };
  }

  // Found by the query as typed first (when typed with diacritics); then by
  // the best score; ties keep the order the searches found them in.
  function byRelevance(pages) {
    var all = Array.from(pages.values()).sort(function (a, b) {
      return (b.exact - a.exact) || (b.score - a.score);
    });
    var at = 0;
    return {
      total: all.length,
      next: function (n) {
        var batch = all.slice(at, at + n);
        at += batch.length;
        return Promise.resolve(batch);
      }
    };
  }

  // Each list is already newest first (Pagefind's sort); merge them, reading
  // only the date (data.meta.datetime) of each list's head.
  function byDate(lists, total) {
    var positions = lists.map(function () { return 0; });
    var done = new Set();
    function head(i) {
      while (positions[i] < lists[i].length && done.has(lists[i][positions[i]].id)) positions[i]++;
      return lists[i][positions[i]];
    }
    function one() {
      var heads = lists.map(function (l, i) { return head(i); });
      return Promise.all(heads.map(function (entry) { return entry ? load(entry) : null; }))
        .then(function (datas) {
          var best = -1, bestDate = "";
          datas.forEach(function (data, i) {
            if (!data) return;
            var date = (data.meta && data.meta.datetime) || "";
            if (best < 0 || date > bestDate) { best = i; bestDate = date; }
          });
          if (best < 0) return null;
          var entry = heads[best];
          done.add(entry.id);
          positions[best]++;
          return entry;
        });
    }
    return {
      total: total,
      next: function (n) {
        var batch = [];
        function step() {
          if (batch.length >= n) return Promise.resolve(batch);
          return one().then(function (entry) {
            if (!entry) return batch;
            batch.push(entry);
            return step();
          });
        }
        return step();
      }
    };
  }

  // The merged ranking of `responses` to `queries`: { total, next(n) }, where
  // next gives (as a promise) the following n entries.
  function rank(queries, responses, newest) {
    var merged = merge(queries, responses);
    return newest ? byDate(merged.lists, merged.pages.size) : byRelevance(merged.pages);
  }

  /* ---- Filters and the status line ---- */

  // A filter's values as offered: years newest first; sections in the order
  // of `sections` (the menu), any others after them; the rest alphabetically.
  function orderValues(key, values, sections) {
    if (key === "nam") {
      return values.slice().sort(function (a, b) { return Number(b) - Number(a); });
    }
    var order = key === "chuyen_muc" ? sections || [] : [];
    return values.slice().sort(function (a, b) {
      var i = order.indexOf(a), j = order.indexOf(b);
      if (i !== j && (i < 0 || j < 0)) return i < 0 ? 1 : -1;
      return i !== j ? i - j : a.localeCompare(b, "vi");
    });
  }

  function describeFilters(filters) {
    return FILTERS.filter(function (f) { return filters[f.key]; }).map(function (f) {
      return f.label.toLocaleLowerCase("vi") + " " + filters[f.key];
    }).join(", ");
  }

  // The status line read out after a search: how many, for what query, with
  // which filters (filter key -> chosen value).
  function describe(total, query, filters) {
    var count = total.toLocaleString("vi-VN");
    var where = describeFilters(filters);
    if (query) {
      var quoted = "“" + query + "”" + (where ? " (" + where + ")" : "");
      return total ? count + " kết quả cho " + quoted : "Không tìm thấy kết quả nào cho " + quoted + ".";
    }
    return total ? count + " bài viết thuộc " + where : "Không có bài viết nào thuộc " + where + ".";
  }

  return {
    FILTERS: FILTERS,
    MAX_SEARCHES: MAX_SEARCHES,
    MAX_FORMS: MAX_FORMS,
    normalise: normalise,
    hasDiacritics: hasDiacritics,
    forms: forms,
    combine: combine,
    variants: variants,
    load: load,
    merge: merge,
    rank: rank,
    orderValues: orderValues,
    describe: describe
  };
});
