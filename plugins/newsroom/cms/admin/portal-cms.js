/* The portal's side of the web editor (Decap CMS at /admin/).
 *
 * Loaded before Decap's bundle: it asks Decap to wait (CMS_MANUAL_INIT), then,
 * once the page is parsed, registers what Decap cannot know by itself and starts it:
 *   - the file format: Pelican's `Key: value` head (continued lines indented 4
 *     spaces), read into form values and written back so an untouched line keeps
 *     its bytes, new fields take their place in the field table's order, and new
 *     text is NFC;
 *   - a date widget that reads and checks dates as the build does (dates.py);
 *   - a text widget with suggestions (campaigns, issuers, sources in use);
 *   - the article preview, in the portal's own CSS;
 *   - the preview build's state, shown above the editor.
 * portal-cms.json (written by the build) carries the settings this needs.
 */
/* global CMS, createClass, h */
"use strict";

window.CMS_MANUAL_INIT = true;
// The body opens as Markdown text, so a saved file differs only where the editor typed
// (the visual mode rewrites the whole body); an editor's own choice is kept.
try {
  if (!localStorage.getItem("cms.md-mode")) localStorage.setItem("cms.md-mode", "raw");
} catch (error) { /* storage off: Decap's default */ }

// Decap rejects its save with nothing when the form has mistakes, after showing them in
// the form: not an error of the page.
window.addEventListener("unhandledrejection", function (event) {
  if (event.reason === undefined) event.preventDefault();
});

(function () {
  var RAW = "_portal_raw";
  var YEAR = "_portal_year";
  var portal = null;

  // --- The file format -------------------------------------------------------

  var KEY_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var MORE_LINE = /^[ ]{4,}(.*)$/;
  var OPENER = /^-{3}(\s.*)?$/;
  var CLOSER = /^(-{3}|\.{3})(\s.*)?$/;

  function nfc(text) {
    return typeof text === "string" ? text.normalize("NFC") : text;
  }

  function formName(key) {
    var lower = key.toLowerCase();
    for (var i = 0; i < portal.field_order.length; i++) {
      if (portal.field_order[i].toLowerCase() === lower) return portal.field_order[i];
    }
    return null;
  }

  function pathOfSlug(slug) {
    return portal.article_paths[slug] || slug;
  }

  function slugOfPath(path) {
    var slugs = Object.keys(portal.article_paths);
    for (var i = 0; i < slugs.length; i++) {
      if (portal.article_paths[slugs[i]] === path) return slugs[i];
    }
    return path;
  }

  // What the form shows for a field, from the parts of its lines (as Markdown's meta reads them).
  function formValue(name, parts) {
    if (name === "Attachments") {
      return parts
        .filter(function (part) { return part !== ""; })
        .map(function (part) {
          var bar = part.indexOf("|");
          return bar < 0
            ? { file: part.trim(), label: "" }
            : { file: part.slice(0, bar).trim(), label: part.slice(bar + 1).trim() };
        });
    }
    if (name === "Related") {
      return parts.join(",").split(",")
        .map(function (slug) { return slug.trim(); })
        .filter(Boolean)
        .map(pathOfSlug);
    }
    if (name === "Summary") return parts.join("\n");
    return parts.join(" ").trim();
  }

  function fromFile(text) {
    var eol = text.indexOf("\r\n") >= 0 ? "\r\n" : "\n";
    var lines = text.split(eol);
    var i = 0;
    var raw = { eol: eol, opener: null, closer: null, fields: [], separator: [], body: "" };
    if (lines.length && OPENER.test(lines[0])) {
      raw.opener = lines[0];
      i = 1;
    }
    for (; i < lines.length; i++) {
      var line = lines[i];
      var match;
      if (raw.opener !== null && CLOSER.test(line)) {
        raw.closer = line;
        i++;
        break;
      }
      if (line.trim() === "") break;
      if ((match = KEY_LINE.exec(line))) {
        raw.fields.push({ key: match[1], raw: [line], parts: [match[2].trim()] });
      } else if (raw.fields.length && (match = MORE_LINE.exec(line))) {
        var last = raw.fields[raw.fields.length - 1];
        last.raw.push(line);
        last.parts.push(match[1].trim());
      } else {
        break;
      }
    }
    if (!raw.fields.length && raw.opener === null) i = 0; // no head: all of it is the body
    var start = i;
    while (i < lines.length && lines[i].trim() === "" && i < lines.length - 1) i++;
    raw.separator = lines.slice(start, i);
    raw.body = lines.slice(i).join(eol);

    var data = {};
    raw.fields.forEach(function (field) {
      var name = formName(field.key);
      if (name && !(name in data)) {
        data[name] = formValue(name, field.parts);
        field.value = data[name];
      }
      delete field.parts;
    });
    data.body = raw.body;
    data[RAW] = JSON.stringify(raw);
    var date = dateParts(data.Date);
    if (date) data[YEAR] = String(date.y); // the folder its uploads go to
    return data;
  }

  function isEmpty(value) {
    if (value === undefined || value === null) return true;
    if (typeof value === "string") return value.trim() === "";
    if (Array.isArray(value)) {
      return value.every(function (item) {
        return item && typeof item === "object" ? isEmpty(item.file) : isEmpty(item);
      });
    }
    return false;
  }

  function same(a, b) {
    if (isEmpty(a) && isEmpty(b)) return true;
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function oneLine(value) {
    return nfc(String(value)).replace(/\s+/g, " ").trim();
  }

  // The lines of one field, as the guide writes it.
  function fieldLines(key, name, value) {
    if (name === "Attachments") {
      var rows = value
        .filter(function (item) { return item && !isEmpty(item.file); })
        .map(function (item) {
          var label = oneLine(item.label || "");
          return oneLine(item.file) + (label ? " | " + label : "");
        });
      return rows.map(function (row, index) { return (index ? "    " : key + ": ") + row; });
    }
    if (name === "Related") {
      return [key + ": " + value.map(function (path) { return slugOfPath(path); }).join(", ")];
    }
    if (name === "Summary") {
      var paragraphs = nfc(String(value)).split(/\n/).map(function (part) { return part.trim(); });
      paragraphs = paragraphs.filter(Boolean); // a blank line would end the head
      return paragraphs.map(function (part, index) { return (index ? "    " : key + ": ") + part; });
    }
    return [key + ": " + oneLine(value)];
  }

  function orderOf(name) {
    var index = portal.field_order.indexOf(name);
    return index < 0 ? Infinity : index;
  }

  // Untouched body lines keep their bytes (even if not NFC); new text is NFC.
  function bodyText(body, raw) {
    body = body || "";
    if (raw && body === raw.body) return body;
    var known = {};
    if (raw) raw.body.split(raw.eol).forEach(function (line) { known[line] = true; });
    var eol = raw ? raw.eol : "\n";
    return body.split(/\r?\n/).map(function (line) { return known[line] ? line : nfc(line); }).join(eol);
  }

  function toFile(data) {
    var raw = data[RAW] ? JSON.parse(data[RAW]) : null;
    var eol = raw ? raw.eol : "\n";
    var head = []; // {name, lines}
    var seen = {};
    (raw ? raw.fields : []).forEach(function (field) {
      var name = formName(field.key);
      if (!name || seen[name]) {
        head.push({ name: name, lines: field.raw }); // a field the form does not edit: as it was
        return;
      }
      seen[name] = true;
      var now = data[name];
      if (same(now, field.value)) head.push({ name: name, lines: field.raw });
      else if (!isEmpty(now)) head.push({ name: name, lines: fieldLines(field.key, name, now) });
    });
    portal.field_order.forEach(function (name) {
      if (seen[name] || isEmpty(data[name])) return;
      var lines = fieldLines(name, name, data[name]);
      // After the last field the table puts before it, so the order stays the guide's.
      var at = 0;
      head.forEach(function (entry, index) {
        if (entry.name === null || orderOf(entry.name) < orderOf(name)) at = index + 1;
      });
      head.splice(at, 0, { name: name, lines: lines });
    });
    var out = [];
    if (raw && raw.opener !== null) out.push(raw.opener);
    head.forEach(function (entry) { out.push.apply(out, entry.lines); });
    if (raw && raw.closer !== null) out.push(raw.closer);
    var body = bodyText(data.body, raw);
    if (!out.length) return body;
    var separator = raw && raw.separator.length ? raw.separator : [""];
    return out.concat(separator).join(eol) + eol + body;
  }

  // --- Dates, read as the build reads them (dates.py) -------------------------

  function dateProblem(text, withTime) {
    var rules = portal.dates;
    var expected = withTime ? rules.datetime_expected : rules.date_expected;
    var value = String(text).trim();
    var match = new RegExp("^(?:" + rules.iso + ")$").exec(value) ||
      new RegExp("^(?:" + rules.vietnamese + ")$").exec(value);
    if (!match || (!withTime && match.groups.H)) return expected;
    var g = match.groups;
    var y = +g.y, m = +g.m, d = +g.d, H = +(g.H || 0), M = +(g.M || 0), S = +(g.S || 0);
    var day = new Date(Date.UTC(y, m - 1, d));
    var real = m >= 1 && m <= 12 && day.getUTCDate() === d && day.getUTCMonth() === m - 1 &&
      H < 24 && M < 60 && S < 60;
    if (!real) return (withTime ? "ngày hoặc giờ không tồn tại; " : "ngày không tồn tại; ") + expected;
    if (y < rules.first_year || y > rules.last_year) {
      return "năm " + y + " nằm ngoài khoảng " + rules.first_year + "-" + rules.last_year + "; kiểm tra lại năm";
    }
    return "";
  }

  // --- Document numbers, read as the build reads them (documents/numbers.py) ----

  function isCapital(letter) {
    return letter !== letter.toLowerCase() && letter === letter.toUpperCase();
  }

  function documentProblem(text) {
    var rules = portal.document_number;
    var match = new RegExp(rules.pattern, "u").exec(String(text).replace(/\s+/g, ""));
    var capitals = match && match.groups.symbol.split("-").every(function (part) {
      return isCapital(Array.from(part)[0]);
    });
    return capitals ? "" : rules.expected;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The parts of a readable date (for the picker and the preview), or null.
  function dateParts(text) {
    if (!text || dateProblem(text, true) && dateProblem(text, false)) return null;
    var rules = portal.dates;
    var value = String(text).trim();
    var match = new RegExp("^(?:" + rules.iso + ")$").exec(value) ||
      new RegExp("^(?:" + rules.vietnamese + ")$").exec(value);
    var g = match.groups;
    return { y: +g.y, m: +g.m, d: +g.d, H: +(g.H || 0), M: +(g.M || 0), time: !!g.H };
  }

  // Now, on the portal's clock (Vietnam time), whatever the browser's time zone.
  function nowInZone(withTime) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: portal.timezone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    var day = parts.year + "-" + parts.month + "-" + parts.day;
    return withTime ? day + " " + parts.hour + ":" + parts.minute : day;
  }

  function registerWidgets() {
    var DateControl = createClass({
      isValid: function () {
        var value = this.props.value;
        if (isEmpty(value)) return true;
        var problem = dateProblem(value, this.props.field.get("time"));
        return problem ? { error: { message: problem } } : true;
      },
      componentDidMount: function () {
        // A new article is dated now (Vietnam time); an existing one keeps its date.
        if (this.props.field.get("default_now") && isEmpty(this.props.value)) {
          this.props.onChange(nowInZone(true));
        }
      },
      render: function () {
        var props = this.props;
        var withTime = props.field.get("time");
        var parts = dateParts(props.value);
        var picked = parts ? parts.y + "-" + pad(parts.m) + "-" + pad(parts.d) +
          (withTime ? "T" + pad(parts.H) + ":" + pad(parts.M) : "") : "";
        return h("div", { className: props.classNameWrapper + " portal-date" },
          h("input", {
            type: "text", id: props.forID, value: props.value || "", autoComplete: "off",
            placeholder: withTime ? "YYYY-MM-DD HH:MM" : "YYYY-MM-DD",
            onChange: function (event) { props.onChange(event.target.value); },
            onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
          }),
          h("input", {
            type: withTime ? "datetime-local" : "date", className: "portal-date-picker", value: picked,
            "aria-label": withTime ? "Chọn ngày giờ trên lịch" : "Chọn ngày trên lịch",
            onChange: function (event) { props.onChange(event.target.value.replace("T", " ")); },
          }),
          h("button", {
            type: "button", className: "portal-date-now",
            onClick: function () { props.onChange(nowInZone(withTime)); },
          }, withTime ? "Bây giờ" : "Hôm nay"),
          h("span", { className: "portal-date-zone" }, "giờ Việt Nam"));
      },
    });
    CMS.registerWidget("portal-date", DateControl, function (props) {
      return h("span", null, props.value || "");
    });

    var DocumentControl = createClass({
      isValid: function () {
        var value = this.props.value;
        var problem = isEmpty(value) ? "" : documentProblem(value);
        return problem ? { error: { message: problem } } : true;
      },
      render: function () {
        var props = this.props;
        return h("input", {
          type: "text", id: props.forID, value: props.value || "", autoComplete: "off",
          className: props.classNameWrapper, placeholder: "220/KH-UBND",
          onChange: function (event) { props.onChange(event.target.value); },
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
        });
      },
    });
    CMS.registerWidget("portal-document", DocumentControl, function (props) {
      return h("span", null, props.value || "");
    });

    var SuggestControl = createClass({
      render: function () {
        var props = this.props;
        var listId = props.forID + "-goi-y";
        var suggestions = (props.field.get("suggestions") || []);
        suggestions = suggestions.toArray ? suggestions.toArray() : suggestions;
        return h("div", { className: props.classNameWrapper + " portal-suggest" },
          h("input", {
            type: "text", id: props.forID, value: props.value || "", list: listId, autoComplete: "off",
            onChange: function (event) { props.onChange(event.target.value); },
            onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
          }),
          h("datalist", { id: listId }, suggestions.map(function (value) {
            return h("option", { key: value, value: value });
          })));
      },
    });
    CMS.registerWidget("portal-suggest", SuggestControl, function (props) {
      return h("span", null, props.value || "");
    });
  }

  // --- The preview: the portal's article page, in its own CSS -----------------

  function shownDate(text) {
    var parts = dateParts(text);
    if (!parts) return text || "";
    var weekday = new Intl.DateTimeFormat("vi", { weekday: "long", timeZone: "UTC" })
      .format(new Date(Date.UTC(parts.y, parts.m - 1, parts.d)));
    weekday = weekday.charAt(0).toUpperCase() + weekday.slice(1);
    return weekday + ", " + pad(parts.d) + "/" + pad(parts.m) + "/" + parts.y + " " + pad(parts.H) + ":" + pad(parts.M);
  }

  function documentReference(number, issued, issuer) {
    if (isEmpty(number)) return "";
    var text = oneLine(number).replace(/\s*([/-])\s*/g, "$1");
    var symbol = text.split("/").pop();
    var code = symbol.split("-")[0];
    var types = portal.document_types;
    var type = types[code] || types[portal.folded_types[code]] || portal.official_letter;
    var words = [type + " số " + text];
    var day = dateParts(issued);
    if (day) words.push("ngày " + day.d + "/" + day.m + "/" + day.y);
    if (!isEmpty(issuer)) words.push("của " + oneLine(issuer));
    return words.join(" ");
  }

  function registerPreview() {
    CMS.registerPreviewStyle(portal.preview_css);
    CMS.registerPreviewStyle("portal-cms-preview.css");
    var ArticlePreview = createClass({
      render: function () {
        var props = this.props;
        var data = props.entry.get("data");
        var get = function (name) {
          var value = data.get(name);
          return value && value.toJS ? value.toJS() : value;
        };
        var image = get("Image");
        var imageField = props.collection.get("fields").find(function (field) {
          return field.get("name") === "Image";
        });
        var attachments = (get("Attachments") || []).filter(function (item) { return item && item.file; });
        var reference = documentReference(get("Document"), get("Document_date"), get("Issuer"));
        var credit = get("Image_credit") || "";
        if (credit && credit.toLowerCase().indexOf("ảnh") !== 0) credit = "Ảnh: " + credit;
        return h("main", { className: "site-main portal-preview" },
          h("p", { className: "breadcrumb" }, get("Category") || ""),
          h("article", { className: "article" },
            h("header", { className: "article-header" },
              h("h1", { className: "article-title" }, get("Title") || "(chưa có tiêu đề)"),
              h("p", { className: "meta article-date" }, shownDate(get("Date")))),
            image ? h("figure", { className: "lead-photo" },
              h("img", { src: props.getAsset(image, imageField).toString(), alt: get("Image_alt") || "" }),
              (get("Image_caption") || credit) ? h("figcaption", null, get("Image_caption") || "", " ",
                credit ? h("span", { className: "credit" }, credit) : null) : null) : null,
            get("Summary") ? h("div", { className: "lead text-scalable" }, get("Summary")) : null,
            h("div", { className: "article-body text-scalable" }, props.widgetFor("body")),
            h("footer", { className: "article-footer" },
              reference ? h("p", { className: "doc-ref" }, h("span", { className: "label" }, "Văn bản:"), " ", reference) : null,
              attachments.length ? h("div", { className: "attachments" },
                h("h2", { className: "minor-heading" }, "Tệp đính kèm"),
                h("ul", null, attachments.map(function (item) {
                  return h("li", { key: item.file }, item.label || item.file.split("/").pop());
                }))) : null,
              get("Source") ? h("p", { className: "source" }, h("span", { className: "label" }, "Nguồn tin:"), " ", get("Source")) : null,
              get("Campaign") ? h("p", { className: "campaign" }, h("span", { className: "label" }, "Phong trào:"), " ", get("Campaign")) : null)));
      },
    });
    CMS.registerPreviewTemplate("articles", ArticlePreview);
  }

  // --- The preview build's state, next to the editor ---------------------------

  function showStatus(status) {
    var box = document.getElementById("portal-cms-status");
    if (!box) return;
    box.hidden = false;
    box.className = "portal-cms-status is-" + status.state;
    box.textContent = "";
    var head = document.createElement("strong");
    var link = document.createElement("a");
    link.href = "../";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Mở bản xem trước";
    if (status.state === "failed") {
      head.textContent = "Bản xem trước chưa cập nhật: lần dựng gần nhất có lỗi. Sửa các lỗi sau rồi lưu lại:";
      box.setAttribute("role", "alert");
      box.appendChild(head);
      var list = document.createElement("ul");
      (status.problems || []).forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      box.appendChild(list);
    } else {
      box.setAttribute("role", "status");
      head.textContent = status.state === "building" ? "Đang dựng lại bản xem trước…" :
        "Bản xem trước đã cập nhật lúc " + (status.finished || "") + ".";
      box.appendChild(head);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(link);
    }
  }

  function watchStatus() {
    if (!portal.status_url) return;
    var last = "";
    function poll() {
      fetch(portal.status_url, { cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (text) {
          if (text && text !== last) {
            last = text;
            showStatus(JSON.parse(text));
          }
        })
        .catch(function () { /* the preview server is restarting */ })
        .then(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  function start() {
    Promise.all([
      fetch("portal-cms.json", { cache: "no-store" }).then(function (r) { return r.json(); }),
      fetch("config.yml", { cache: "no-store" }).then(function (r) { return r.json(); }),
    ]).then(function (loaded) {
      portal = loaded[0];
      var config = loaded[1];
      // A new article's folder, and its uploads', is this year's (Vietnam time).
      config.collections.forEach(function (collection) {
        (collection.fields || []).forEach(function (field) {
          if (field.name === YEAR) field.default = nowInZone(false).slice(0, 4);
        });
      });
      CMS.registerCustomFormat("portal-markdown", "md", { fromFile: fromFile, toFile: toFile });
      registerWidgets();
      registerPreview();
      watchStatus();
      // config.yml is JSON (which is YAML): given here, Decap need not fetch it again.
      CMS.init({ config: Object.assign({ load_config_file: false }, config) });
    });
  }

  // For tests of the format without a browser build (tests/js).
  window.PortalCms = {
    fromFile: fromFile,
    toFile: toFile,
    dateProblem: dateProblem,
    documentProblem: documentProblem,
    ready: function () { return portal !== null; },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
