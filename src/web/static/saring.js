// The desk's only script: small conveniences; every page works without it.
document.addEventListener('DOMContentLoaded', () => {
  // "Waktu terbit" defaults to now, in the browser's local time.
  for (const input of document.querySelectorAll('input[type="datetime-local"]')) {
    if (input.value) continue;
    const d = new Date();
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    input.value = d.toISOString().slice(0, 16);
  }
  // Returning a clarification needs a comment: say so before the round trip.
  for (const button of document.querySelectorAll('button[name="decision"][value="return"]')) {
    button.addEventListener('click', (event) => {
      const comment = button.form && button.form.querySelector('textarea[name="comment"]');
      if (comment && !comment.value.trim()) {
        event.preventDefault();
        comment.focus();
        comment.setCustomValidity('Tuliskan alasan mengembalikan.');
        comment.reportValidity();
        comment.addEventListener('input', () => comment.setCustomValidity(''), { once: true });
      }
    });
  }
});
