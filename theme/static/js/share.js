/* "Chia sẻ bài viết": the system share sheet (Web Share API: Zalo, Messenger,
   … whatever the phone has) and "Sao chép liên kết". Without JavaScript, or
   without these APIs, the buttons stay hidden and the address stays in its
   read-only box, ready to select and copy. */
(function () {
  "use strict";
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var url = box.getAttribute("data-share-url");
  var title = box.getAttribute("data-share-title");
  var status = box.querySelector("[data-share-status]");
  var native = box.querySelector('[data-action="share"]');
  var copy = box.querySelector('[data-action="copy"]');

  function say(text) {
    status.textContent = "";
    // A fresh text each time, so a screen reader announces a repeated copy too.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () { /* closed by the reader */ });
    });
  }
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(
        function () { say("Đã sao chép liên kết bài viết."); },
        function () { say("Không sao chép được; hãy chọn địa chỉ trong ô và sao chép."); }
      );
    });
  }
})();
