/* A YouTube video behind a facade: the poster and a play button are a plain
   link to the video on YouTube, so nothing is asked of YouTube before the
   reader presses play (and without JavaScript the link still plays it there).
   On press (click, Enter or Space) the link gives way to the privacy-enhanced
   player (youtube-nocookie.com), started at once; a Ctrl- or middle-click
   still opens YouTube in a new tab. */
(function () {
  "use strict";

  function play(link) {
    var frame = document.createElement("iframe");
    frame.className = "video-player";
    frame.src = link.getAttribute("data-video-embed");
    frame.title = link.getAttribute("data-video-title");
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  }

  var links = document.querySelectorAll("a[data-video-embed]");
  Array.prototype.forEach.call(links, function (link) {
    link.setAttribute("role", "button");
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      play(link);
    });
    link.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        play(link);
      }
    });
  });
})();
