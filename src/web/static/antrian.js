// Keyboard shortcuts on the review queue (views/queue.ts). Progressive enhancement: the queue and its
// bulk form work without this script; it only moves the focus, ticks boxes and presses the form's buttons.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('bulk');
  if (!form) return; // no rows, or a role without bulk actions
  const rows = Array.from(document.querySelectorAll('table.queue tbody tr[data-item]'));
  const boxes = rows.map((r) => r.querySelector('input[name="item"]'));
  const all = document.getElementById('pick-all');
  const picked = form.querySelector('output.picked');
  const help = document.getElementById('shortcut-help');
  const reason = form.elements.namedItem('reason');
  const assignee = form.elements.namedItem('assignee');
  const priority = form.elements.namedItem('priority');
  const button = (action) => form.querySelector(`button[name="action"][value="${action}"]`);
  for (const hint of document.querySelectorAll('.kbd-hint')) hint.hidden = false;

  // "Select all on this page" ticks every row, and a row unticked takes it back off.
  const count = () => {
    const n = boxes.filter((b) => b.checked).length;
    picked.textContent = n ? `(${n} dipilih)` : '';
    for (const r of rows) r.classList.toggle('picked', r.querySelector('input[name="item"]').checked);
  };
  all.addEventListener('change', () => {
    for (const b of boxes) b.checked = all.checked;
    count();
  });
  for (const b of boxes)
    b.addEventListener('change', () => {
      if (!b.checked) all.checked = false;
      count();
    });
  count();

  // The current row is the one holding the focus; j/k move it by focusing the row's item link.
  const current = () => rows.findIndex((r) => r.contains(document.activeElement));
  const focusRow = (i) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    row.querySelector('a.item-link').focus();
    row.scrollIntoView({ block: 'nearest' });
  };
  const nonePicked = () => {
    if (boxes.some((b) => b.checked)) return false;
    picked.textContent = '(pilih butir dulu: x)';
    return true;
  };

  // Dismissing needs a reason: ask for it in the field; Enter there dismisses, not the form's first button.
  const askReason = () => {
    if (nonePicked()) return;
    if (reason.value.trim()) return form.requestSubmit(button('dismiss'));
    reason.setCustomValidity('Tuliskan alasan mengabaikan, lalu tekan Enter.');
    reason.reportValidity();
    reason.focus();
  };
  reason.addEventListener('input', () => reason.setCustomValidity(''));
  const enterSubmits = (field, action, emptyMessage) =>
    field.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      if (!field.value.trim()) {
        field.setCustomValidity(emptyMessage);
        field.reportValidity();
        return;
      }
      field.setCustomValidity('');
      form.requestSubmit(button(action));
    });
  enterSubmits(reason, 'dismiss', 'Tuliskan alasan mengabaikan, lalu tekan Enter.');
  enterSubmits(assignee, 'assign', 'Pilih petugas, lalu tekan Enter.');
  enterSubmits(priority, 'priority', 'Pilih prioritas, lalu tekan Enter.');
  // The button too asks for the reason rather than a round trip that refuses it.
  button('dismiss').addEventListener('click', (e) => {
    if (reason.value.trim()) return;
    e.preventDefault();
    askReason();
  });

  // A correction (1–5, the digit each button shows in data-key) labels the ticked rows at once: no
  // reason to ask, and a wrong one is undone by the right one.
  const corrections = Object.fromEntries(
    Array.from(form.querySelectorAll('button[name="label"][data-key]')).map((b) => [b.dataset.key, () => nonePicked() || form.requestSubmit(b)]),
  );

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    // Typing in a field (the filters, the reason) is typing, not a shortcut.
    if ((t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName || '')) && t.type !== 'checkbox') return;
    // Enter on a link or a button keeps its own meaning.
    if (e.key === 'Enter' && /^(A|BUTTON)$/.test(t.tagName || '')) return;
    if (help.open && e.key !== '?') return;
    const i = current();
    const keys = {
      j: () => focusRow(i < 0 ? 0 : i + 1),
      k: () => focusRow(i < 0 ? 0 : i - 1),
      x: () => {
        if (i < 0) return focusRow(0);
        boxes[i].click(); // ticks it and fires "change" as a click would
      },
      o: () => i >= 0 && rows[i].querySelector('a.item-link').click(),
      Enter: () => i >= 0 && rows[i].querySelector('a.item-link').click(),
      d: askReason,
      a: () => nonePicked() || assignee.focus(),
      p: () => nonePicked() || priority.focus(),
      '?': () => (help.open ? help.close() : help.showModal()),
      ...corrections,
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  });
});
