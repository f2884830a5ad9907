/* The local preview only (PREVIEW_STATUS_URL): when the last build failed, say so over
   the page, with the build's own messages, so an editor never reads a stale page
   believing it is the new one. `invoke livereload` writes the status file. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status-url");
  if (!url || !window.fetch) return;
  var shown = "";
  var box = null;

  function render(status) {
    if (!box) {
      box = document.createElement("aside");
      box.className = "preview-status";
      box.setAttribute("aria-labelledby", "preview-status-title");
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = "";
    box.hidden = status.state === "ok";
    box.className = "preview-status is-" + status.state;
    var title = document.createElement("p");
    title.id = "preview-status-title";
    var strong = document.createElement("strong");
    title.appendChild(strong);
    box.appendChild(title);
    if (status.state === "failed") {
      box.setAttribute("role", "alert");
      strong.textContent = "Bản xem trước chưa cập nhật";
      title.appendChild(document.createTextNode(
        ": lần dựng gần nhất (" + (status.finished || "") + ") có lỗi, trang đang xem là bản dựng trước đó. " +
        "Sửa các lỗi sau rồi lưu lại:"));
      var list = document.createElement("ul");
      (status.problems || []).forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      box.appendChild(list);
      var close = document.createElement("button");
      close.type = "button";
      close.className = "preview-status-close";
      close.textContent = "Ẩn thông báo";
      close.addEventListener("click", function () { box.hidden = true; });
      box.appendChild(close);
    } else if (status.state === "building") {
      box.setAttribute("role", "status");
      strong.textContent = "Đang dựng lại bản xem trước…";
    }
  }

  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (text) {
        if (text && text !== shown) {
          shown = text;
          render(JSON.parse(text));
        }
      })
      .catch(function () { /* the preview server is restarting */ })
      .then(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
