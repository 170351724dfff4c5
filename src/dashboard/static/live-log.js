// The execution page's live log: while the run goes on, ask for the lines not shown yet and append
// them as text (agent output is hostile: nothing it says ever becomes markup). When the run ends, the
// page is loaded once more to show the final state, validation and pull request.
(() => {
  const POLL_MS = 1000;
  const FINAL_RELOAD_MS = 2000;
  const table = document.getElementById('execution-log');
  if (table?.dataset.live !== 'true') return;
  const body = table.tBodies[0];
  const state = document.getElementById('execution-state');
  let after = Number(table.dataset.after) || 0;

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function append(line) {
    body.querySelector('.log-empty')?.remove();
    const row = body.insertRow();
    row.dataset.seq = String(line.seq);
    cell(row, String(line.seq), 'num');
    const time = document.createElement('time');
    time.dateTime = line.at;
    time.textContent = line.at.slice(11, 23);
    cell(row, '').append(time);
    const kind = document.createElement('span');
    kind.className = `kind kind-${String(line.kind).replace(/[^a-z-]/g, '')}`;
    kind.textContent = line.kind;
    cell(row, '').append(kind);
    cell(row, line.attempt === null ? '' : String(line.attempt), 'num');
    cell(row, line.text, 'log-text');
  }

  function showState(name) {
    if (!state) return;
    state.textContent = name;
    state.className = `state state-${String(name).replace(/[^a-z-]/g, '')}`;
  }

  async function poll() {
    try {
      const res = await fetch(`${table.dataset.src}?after=${after}`, {
        headers: { accept: 'application/json' },
        cache: 'no-store',
        credentials: 'same-origin',
      });
      // Signed out, or the execution is gone: nothing more will come.
      if ([401, 403, 404].includes(res.status)) return;
      if (res.ok) {
        const data = await res.json();
        const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
        for (const line of data.lines) {
          if (line.seq <= after) continue;
          append(line);
          after = line.seq;
        }
        if (atBottom && data.lines.length > 0) window.scrollTo(0, document.body.scrollHeight);
        showState(data.state);
        // The last lines land just after the final state: give them a moment, then show it all.
        if (!data.live) {
          setTimeout(() => window.location.reload(), FINAL_RELOAD_MS);
          return;
        }
      }
    } catch {
      // A dropped connection: try again on the next tick.
    }
    setTimeout(poll, POLL_MS);
  }

  setTimeout(poll, POLL_MS);
})();
