// The demo page: a Telegram-like chat with newsbot. It polls /api/chat for
// the chat's messages (with their current text and buttons, so edits show)
// and posts what the person types or presses; no external requests.
"use strict";
(function () {
  var role = "cadre";
  var last = "";
  var toastsSeen = { cadre: -1, admin: -1 };
  var toastTimer = 0;
  var chips = {
    cadre: ["/start", "/latest", "/search nong thon moi", "/settings", "/alert cầu Đồng Tiến", "/help"],
    admin: ["/start", "/broadcast Họp giao ban lúc 14:00 chiều nay tại hội trường UBND huyện", "/stats", "/jobs", "/help"]
  };
  var $ = function (id) { return document.getElementById(id); };

  function post(url, data) {
    var body = new URLSearchParams(data || {});
    return fetch(url, { method: "POST", body: body });
  }

  function showToast(text) {
    var t = $("toast");
    t.textContent = text;
    t.classList.add("show");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.classList.remove("show"); }, 2500);
  }

  function renderChips() {
    var box = $("chips");
    box.textContent = "";
    chips[role].forEach(function (c) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = c;
      b.addEventListener("click", function () { send(c); });
      box.appendChild(b);
    });
  }

  function render(chat) {
    $("visits").textContent = chat.visits;
    if (toastsSeen[role] < 0) {
      toastsSeen[role] = chat.toasts.length;
    } else if (chat.toasts.length > toastsSeen[role]) {
      showToast(chat.toasts[chat.toasts.length - 1]);
      toastsSeen[role] = chat.toasts.length;
    }
    var key = JSON.stringify(chat.messages);
    if (key === last) return;
    last = key;
    var box = $("messages");
    var atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.textContent = "";
    if (chat.messages.length === 0) {
      var e = document.createElement("div");
      e.className = "empty";
      e.textContent = "Gõ /start để bắt đầu, hoặc chọn một lệnh bên dưới.";
      box.appendChild(e);
    }
    chat.messages.forEach(function (m) {
      var el = document.createElement("div");
      el.className = "msg " + (m.mine ? "mine" : "bot");
      el.dataset.id = m.id;
      var b = document.createElement("div");
      b.className = "bubble";
      if (m.photo) {
        var img = document.createElement("img");
        img.src = m.photo;
        img.alt = "";
        b.appendChild(img);
      }
      var t = document.createElement("div");
      t.className = "text";
      t.innerHTML = m.html; // escaped by the demo, entities as HTML
      b.appendChild(t);
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = (m.edited ? "đã sửa " : "") + m.time;
      b.appendChild(meta);
      el.appendChild(b);
      if (m.buttons) {
        var kb = document.createElement("div");
        kb.className = "kb";
        m.buttons.forEach(function (row) {
          var r = document.createElement("div");
          r.className = "row";
          row.forEach(function (btn) {
            var x;
            if (btn.url) {
              x = document.createElement("a");
              x.href = btn.url;
              x.target = "_blank";
              x.rel = "noopener noreferrer";
              x.textContent = btn.text + " ↗";
            } else {
              x = document.createElement("button");
              x.type = "button";
              x.textContent = btn.text;
              x.addEventListener("click", function () {
                post("/api/press", { as: role, id: m.id, data: btn.data }).then(poll);
              });
            }
            r.appendChild(x);
          });
          kb.appendChild(r);
        });
        el.appendChild(kb);
      }
      box.appendChild(el);
    });
    if (atEnd || chat.messages.length > 0) box.scrollTop = box.scrollHeight;
  }

  var polling = false;
  function poll() {
    if (polling) return Promise.resolve();
    polling = true;
    var asked = role;
    return fetch("/api/chat?as=" + asked, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (chat) { if (asked === role) render(chat); })
      .catch(function () { $("notice").textContent = "Mất kết nối với bản dùng thử."; })
      .finally(function () { polling = false; });
  }

  function send(text) {
    text = text.trim();
    if (!text) return;
    post("/api/send", { as: role, text: text }).then(poll);
  }

  $("composer").addEventListener("submit", function (ev) {
    ev.preventDefault();
    send($("text").value);
    $("text").value = "";
  });

  $("publish").addEventListener("click", function () {
    post("/api/publish").then(function (r) { return r.json(); }).then(function (res) {
      $("notice").textContent = res.error ? res.error : "Đã đăng: " + res.title;
    });
  });

  document.querySelectorAll(".roles button").forEach(function (b) {
    b.addEventListener("click", function () {
      role = b.dataset.role;
      last = "";
      document.querySelectorAll(".roles button").forEach(function (o) {
        o.classList.toggle("on", o === b);
        o.setAttribute("aria-pressed", o === b ? "true" : "false");
      });
      renderChips();
      poll();
    });
  });

  renderChips();
  poll();
  setInterval(poll, 700);
})();
