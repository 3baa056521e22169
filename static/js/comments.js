/*
 * Progressive enhancement for comment threads: "Reply" opens a reply form in place,
 * under the comment, instead of going to the reply page. Without this script the
 * link still works, so nothing depends on it.
 */
(function () {
  "use strict";

  var template = document.getElementById("rh-reply-template");
  if (!template || !("content" in template)) {
    return;
  }

  function renumber(form, commentId) {
    // Each open form needs its own ids so labels and help texts stay tied to their fields.
    var prefix = /id_reply_/g;
    var replacement = "id_reply_" + commentId + "_";
    form.querySelectorAll("[id], [for], [aria-describedby]").forEach(function (element) {
      ["id", "for", "aria-describedby"].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value) {
          element.setAttribute(name, value.replace(prefix, replacement));
        }
      });
    });
  }

  function closeReply(form, link) {
    form.remove();
    link.setAttribute("aria-expanded", "false");
    link.focus();
  }

  function openReply(link) {
    var box = link.closest(".rh-comment-box");
    var open = box.querySelector(".rh-reply-form");
    if (open) {
      open.querySelector("textarea").focus();
      return;
    }
    var commentId = link.getAttribute("data-comment");
    var fragment = template.content.cloneNode(true);
    var form = fragment.querySelector("form");
    form.setAttribute("action", link.getAttribute("href") + "#reply-form");
    form.id = "reply-form-" + commentId;
    renumber(form, commentId);
    var parentField = form.querySelector("input[name='parent']");
    if (parentField) {
      parentField.value = commentId;
    }
    form.querySelector(".js-reply-cancel").addEventListener("click", function () {
      closeReply(form, link);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        closeReply(form, link);
      }
    });
    box.appendChild(fragment);
    link.setAttribute("aria-expanded", "true");
    form.querySelector("textarea").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.js-reply");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    openReply(link);
  });
})();
