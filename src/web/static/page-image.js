// Draws each value's box over its rendered page and shows the page's neighbourhood of the box;
// "t" (or the button) shows the whole page, "r" puts the first page's field in the correction box
// and records that the value is read from that page. The server knows nothing of screen sizes:
// the box is in PDF points, the image is rendered at data-dpi, so points × dpi / 72 = image pixels.
(function () {
  'use strict';
  function place(fig) {
    var img = fig.querySelector('img');
    var sheet = fig.querySelector('.page-sheet');
    var win = fig.querySelector('.page-window');
    if (!img || !img.naturalWidth || !sheet || !win) return;
    var dpi = Number(fig.getAttribute('data-dpi')) || 110;
    var scale = img.clientWidth / img.naturalWidth; // CSS px per image px
    var k = (dpi / 72) * scale; // CSS px per PDF point
    var raw = fig.getAttribute('data-box');
    var box = raw ? raw.split(',').map(Number) : null;
    var mark = fig.querySelector('.page-box');
    if (box && box.length === 4) {
      if (!mark) {
        mark = document.createElement('div');
        mark.className = 'page-box';
        mark.setAttribute('aria-hidden', 'true');
        sheet.appendChild(mark);
      }
      mark.style.left = box[0] * k + 'px';
      mark.style.top = box[1] * k + 'px';
      mark.style.width = (box[2] - box[0]) * k + 'px';
      mark.style.height = (box[3] - box[1]) * k + 'px';
    }
    // Cropped: the window scrolls the sheet so the box sits a third of the way down it.
    if (fig.classList.contains('full') || !box) {
      sheet.style.top = '0px';
    } else {
      var h = win.clientHeight;
      var mid = ((box[1] + box[3]) / 2) * k;
      var top = Math.max(0, Math.min(mid - h / 3, img.clientHeight - h));
      sheet.style.top = -top + 'px';
    }
  }
  function toggle(fig) {
    fig.classList.toggle('full');
    var btn = fig.querySelector('[data-toggle-page]');
    if (btn) btn.setAttribute('aria-expanded', fig.classList.contains('full') ? 'true' : 'false');
    place(fig);
  }
  function all() {
    return Array.prototype.slice.call(document.querySelectorAll('figure.page-image'));
  }
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }
  function readFrom(btn) {
    var ref = btn.getAttribute('data-ref');
    var select = document.getElementById('ref');
    var input = document.getElementById('value');
    var flag = document.getElementById('read-from');
    if (select && ref) select.value = ref;
    if (flag) flag.value = btn.getAttribute('data-side') || '';
    if (input) {
      input.focus();
      input.select();
    }
  }
  all().forEach(function (fig) {
    var img = fig.querySelector('img');
    if (!img) return;
    if (img.complete) place(fig);
    img.addEventListener('load', function () {
      place(fig);
    });
    var btn = fig.querySelector('[data-toggle-page]');
    if (btn)
      btn.addEventListener('click', function () {
        toggle(fig);
      });
    var read = fig.querySelector('[data-read-from]');
    if (read)
      read.addEventListener('click', function () {
        readFrom(read);
      });
  });
  window.addEventListener('resize', function () {
    all().forEach(place);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement)) return;
    if (ev.key === 't') {
      ev.preventDefault();
      all().forEach(toggle);
    } else if (ev.key === 'r') {
      var first = document.querySelector('[data-read-from]');
      if (first) {
        ev.preventDefault();
        readFrom(first);
      }
    }
  });
})();
