// Damkar incident board: the list is replaced whenever the server's live stream sends a new
// one (Server-Sent Events); without JavaScript the page still works by reloading it.
"use strict";

{
  const board = document.getElementById("papan");
  const live = document.getElementById("papan-langsung");
  const count = document.getElementById("papan-jumlah");
  const incidents = () => board.querySelectorAll("article.incident").length;
  if (board && live && count && window.EventSource) {
    let shown = incidents();
    const source = new EventSource(board.dataset.stream);
    source.addEventListener("open", () => {
      live.textContent = "Terhubung langsung: laporan baru muncul dengan sendirinya.";
    });
    source.addEventListener("papan", (event) => {
      const focused = document.activeElement && document.activeElement.id;
      board.innerHTML = event.data;
      const again = focused && document.getElementById(focused);
      if (again) again.focus();
      const now = incidents();
      if (now > shown) count.textContent = `Laporan baru masuk: ${now} kejadian terbuka.`;
      shown = now;
    });
    source.addEventListener("keluar", () => {
      source.close();
      window.location.reload();
    });
    source.addEventListener("error", () => {
      live.textContent = "Koneksi langsung terputus, mencoba menyambung lagi…";
    });
  }
}
