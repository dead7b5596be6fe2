// Draws each value's box over its rendered page and shows the page's neighbourhood of the box;
// "t" (or the button) shows the whole page, "r" puts the first page's field in the correction box
// and records that the value is read from that page. The server knows nothing of screen sizes:
// the box is in PDF points, the image is rendered at data-dpi, so points × dpi / 72 = image pixels.
(function () {
  'use strict';
  var ZOOM = 1.8;
  function place(fig) {
    var img = fig.querySelector('img');
    var sheet = fig.querySelector('.page-sheet');
    var win = fig.querySelector('.page-window');
    if (!img || !img.naturalWidth || !sheet || !win) return;
    var full = fig.classList.contains('full');
    var raw0 = fig.getAttribute('data-box');
    // Cropped, the page is shown larger than the window (print-size digits) and moved to the box.
    sheet.style.width = full || !raw0 ? '100%' : ZOOM * 100 + '%';
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
    if (full || !box) {
      sheet.style.top = '0px';
      sheet.style.left = '0px';
    } else {
      var h = win.clientHeight;
      var w = win.clientWidth;
      var mid = ((box[1] + box[3]) / 2) * k;
      var top = Math.max(0, Math.min(mid - h / 3, img.clientHeight - h));
      // The box sits toward the right of the window, so the row's label to its left stays in view.
      var right = box[2] * k;
      var left = Math.max(0, Math.min(right - w * 0.8, img.clientWidth - w));
      sheet.style.top = -top + 'px';
      sheet.style.left = -left + 'px';
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
