// Keyboard shortcuts for reviewers. Every action is also a plain link or form button, so the pages
// work without this file; it only maps one key to the element marked data-key="<key>".
(function () {
  'use strict';
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var active = document.activeElement;
    if (ev.key === 'Escape' && typing(active)) {
      active.blur();
      return;
    }
    if (typing(active)) return;
    var target = document.querySelector('[data-key="' + (ev.key.length === 1 ? ev.key.toLowerCase() : '') + '"]');
    if (!target) return;
    ev.preventDefault();
    if (target.hasAttribute('data-focus')) {
      target.focus();
      if (target.select) target.select();
    } else {
      target.click();
    }
  });
  // "Select all" checkbox of the bulk form.
  document.addEventListener('change', function (ev) {
    var box = ev.target;
    var name = box && box.getAttribute && box.getAttribute('data-select-all');
    if (!name) return;
    var all = document.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    for (var i = 0; i < all.length; i++) all[i].checked = box.checked;
  });
})();
