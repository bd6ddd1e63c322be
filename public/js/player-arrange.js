/* First Shield player: order and sort steps (ES2019, no dependencies; needs player.js first).
   Order: Up/Down buttons move an item (focus stays on the moved item's button, the new place is
   announced); dragging by the grip with mouse, pen or finger is an extra. Sort: every card has a
   radio group, and a card can also be dragged onto a group chip. Nothing here knows the right
   answer: it arrives from the answers API. */
(function () {
  'use strict';
  var FS = window.FirstShield;
  if (!FS) return;
  var tr = FS.tr, el = FS.el;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  /* ---------- order ---------- */
  function items(list) { return Array.prototype.slice.call(list.querySelectorAll('.order__item')); }
  function textOf(item) { return item.querySelector('.order__text').textContent; }
  function refreshMoves(list) {
    var all = items(list);
    all.forEach(function (item, i) {
      var up = item.querySelector('[data-move="up"]');
      var down = item.querySelector('[data-move="down"]');
      if (up) up.disabled = i === 0;
      if (down) down.disabled = i === all.length - 1;
    });
  }
  function announce(box, item) {
    var all = items(box.querySelector('.order__list'));
    var status = box.querySelector('[data-order-status]');
    if (status) status.textContent = tr('moved', { item: textOf(item), position: all.indexOf(item) + 1, total: all.length });
  }

  document.addEventListener('click', function (ev) {
    var btn = ev.target.closest ? ev.target.closest('.order__move') : null;
    if (!btn || btn.disabled) return;
    var item = btn.closest('.order__item');
    var list = item.parentNode;
    var up = btn.getAttribute('data-move') === 'up';
    var sibling = up ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    list.insertBefore(item, up ? sibling : sibling.nextElementSibling);
    refreshMoves(list);
    // Keep focus on the same control; at an end it is disabled, so use the other one.
    var again = item.querySelector('[data-move="' + (up ? 'up' : 'down') + '"]');
    (again.disabled ? item.querySelector('[data-move="' + (up ? 'down' : 'up') + '"]') : again).focus();
    announce(list.closest('.order'), item);
  });

  /* Pointer drag by the grip: works for touch as well as mouse (HTML5 drag-and-drop does not). */
  var drag = null;
  document.addEventListener('pointerdown', function (ev) {
    var grip = ev.target.closest ? ev.target.closest('.order__grip, .card__grip') : null;
    if (!grip || grip.closest('[data-answered]')) return;
    var item = grip.closest('.order__item, .card');
    drag = { item: item, id: ev.pointerId };
    item.classList.add('is-dragging');
    if (grip.setPointerCapture) grip.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  document.addEventListener('pointermove', function (ev) {
    if (!drag || ev.pointerId !== drag.id) return;
    var under = document.elementFromPoint(ev.clientX, ev.clientY);
    if (drag.item.classList.contains('order__item')) {
      var over = under && under.closest ? under.closest('.order__item') : null;
      if (!over || over === drag.item || over.parentNode !== drag.item.parentNode) return;
      var r = over.getBoundingClientRect();
      over.parentNode.insertBefore(drag.item, ev.clientY < r.top + r.height / 2 ? over : over.nextElementSibling);
    } else {
      var chips = drag.item.closest('.sort').querySelectorAll('.sort__group');
      var chip = under && under.closest ? under.closest('.sort__group') : null;
      each(chips, function (c) { c.classList.toggle('is-target', c === chip); });
    }
  });
  function endDrag(ev) {
    if (!drag || ev.pointerId !== drag.id) return;
    var item = drag.item;
    item.classList.remove('is-dragging');
    drag = null;
    if (item.classList.contains('order__item')) { refreshMoves(item.parentNode); announce(item.closest('.order'), item); return; }
    var box = item.closest('.sort');
    var chip = box.querySelector('.sort__group.is-target');
    each(box.querySelectorAll('.sort__group'), function (c) { c.classList.remove('is-target'); });
    if (!chip) return;
    var radio = item.querySelector('input[value="' + chip.getAttribute('data-group') + '"]');
    if (radio) { radio.checked = true; countGroups(box); }
  }
  document.addEventListener('pointerup', endDrag);
  document.addEventListener('pointercancel', endDrag);

  FS.kind('order', {
    missing: 'error',
    collect: function (box) { return items(box.querySelector('.order__list')).map(function (i) { return i.getAttribute('data-item'); }); },
    lock: function (box) {
      box.setAttribute('data-answered', 'true');
      each(box.querySelectorAll('.order__moves'), function (m) { m.parentNode.removeChild(m); });
    },
    show: function (box, live, result) {
      // The feedback entries come in the lesson's order, which is the right order.
      var mine = this.collect(box);
      live.appendChild(el('h3', 'feedback__title', tr('rightOrder')));
      var list = el('ol', 'feedback__list feedback__list--numbered');
      (result.feedback || []).forEach(function (f, n) {
        var item = box.querySelector('.order__item[data-item="' + f.id + '"]');
        var here = mine.indexOf(f.id) === n;
        var li = FS.fbItem('li', here ? 'safe' : 'unsafe', String(n + 1), item ? textOf(item) : '', '',
          '');
        var why = li.querySelector('.fb__text');
        why.appendChild(el('em', 'fb__chosen', (here ? '✓ ' + tr('orderRight') : '✗ ' + tr('orderWrong', { position: mine.indexOf(f.id) + 1 }))));
        why.appendChild(document.createTextNode(' ' + (f.text || '')));
        list.appendChild(li);
      });
      live.appendChild(list);
    }
  });

  /* ---------- sort ---------- */
  function countGroups(box) {
    each(box.querySelectorAll('.sort__group'), function (chip) {
      var n = box.querySelectorAll('.card input[value="' + chip.getAttribute('data-group') + '"]:checked').length;
      chip.querySelector('[data-count]').textContent = String(n);
    });
  }
  document.addEventListener('change', function (ev) {
    var box = ev.target.closest ? ev.target.closest('.sort') : null;
    if (box) countGroups(box);
  });

  FS.kind('sort', {
    missing: 'chooseGroups',
    collect: function (box) {
      var out = [];
      var cards = box.querySelectorAll('.card');
      each(cards, function (card) {
        var r = card.querySelector('input:checked');
        if (r) out.push(card.getAttribute('data-card') + '=' + r.value);
      });
      return out.length === cards.length ? out : null;
    },
    lock: function (box) {
      box.setAttribute('data-answered', 'true');
      each(box.querySelectorAll('.card__set'), function (f) { f.disabled = true; });
    },
    show: function (box, live, result) {
      (result.feedback || []).forEach(function (f) {
        var card = box.querySelector('.card[data-card="' + f.id + '"]');
        if (!card) return;
        card.appendChild(FS.fbItem('p', f.correct ? 'safe' : 'unsafe', f.correct ? '✓' : '✗', tr(f.correct ? 'sortRight' : 'sortWrong'), '', f.text));
      });
    }
  });

  each(document.querySelectorAll('.order__list'), refreshMoves);
  each(document.querySelectorAll('.sort'), function (box) {
    countGroups(box);
    if (box.hasAttribute('data-answered')) return;
    // Drag grips only where a pointer can use them; radio buttons always work.
    each(box.querySelectorAll('.card'), function (card) {
      var grip = el('span', 'card__grip');
      grip.setAttribute('aria-hidden', 'true');
      card.insertBefore(grip, card.firstChild);
    });
  });
})();
