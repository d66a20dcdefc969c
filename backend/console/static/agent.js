// Agent workspace: queue, transcript and actions over /api/handoff, live through SSE.
"use strict";

const desk = document.getElementById("desk");
const token = desk.dataset.token;
const me = Number(desk.dataset.officer);
const supervisor = desk.dataset.supervisor === "1";  // may end chats other agents hold
const $ = (id) => document.getElementById(id);
const AUTHORS = {citizen: "warga", bot: "bot", agent: "petugas", system: "sistem"};
const CHANNELS = {web: "obrolan web", whatsapp: "WhatsApp", telegram: "Telegram"};
const STATES = {queued: "menunggu", assigned: "ditangani", closed: "selesai"};
let current = null;

async function api(path, {method = "GET", json, body, keepalive = false} = {}) {
  const headers = {Authorization: `Bearer ${token}`};
  if (json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {method, headers, keepalive,
    body: json !== undefined ? JSON.stringify(json) : body});
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(typeof problem.detail === "string" ? problem.detail : `gagal (${response.status})`);
  }
  return response.status === 204 ? null : response.json();
}

// "02-12-2026 14:05 WIB": Asia/Jakarta is UTC+7 all year.
function wib(iso) {
  const utc = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  const d = new Date(utc + 7 * 3600 * 1000);
  const two = (n) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}-${two(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} WIB`;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function say(message) { $("status").textContent = message; }

function ticketLabel(t) {
  const team = t.ppa ? "PPA (rahasia)" : t.team;
  const name = t.citizen_name ? ` · ${t.citizen_name}` : "";
  return `#${t.id} ${team} · ${STATES[t.status] || t.status} · ${CHANNELS[t.channel] || t.channel}${name}`;
}

async function loadQueue() {
  const items = await api("/api/handoff/queue");
  const list = $("queue");
  list.replaceChildren(...items.map((t) => {
    const item = element("li", undefined, [t.ppa ? "ppa" : "", String(t.id) === String(current) ? "current" : ""].join(" ").trim());
    const open = element("button", ticketLabel(t));
    open.type = "button";
    open.onclick = () => show(t.id);
    item.append(open);
    return item;
  }));
  $("queue-empty").hidden = items.length > 0;
  const chats = await api("/api/handoff/conversations");
  $("bot-chats").replaceChildren(...chats.map((c) => {
    const item = element("li");
    const pick = element("button", `Ambil alih · ${CHANNELS[c.channel] || c.channel}` +
      `${c.service ? " · " + c.service : ""}${c.last_inbound_at ? " · " + wib(c.last_inbound_at) : ""}`);
    pick.type = "button";
    pick.onclick = () => act(async () => {
      const ticket = await api(`/api/handoff/conversations/${c.id}/pick`, {method: "POST"});
      current = ticket.id;
    }, "Percakapan diambil alih.");
    item.append(pick);
    return item;
  }));
}

function attachment(ticketId, line, file) {
  const name = file.name || (file.mime === "application/pdf" ? "lampiran.pdf" : "lampiran");
  if (line.message_id === null || line.message_id === undefined) return element("span", ` 📎 ${name}`);
  const link = element("a", `📎 ${name}`);
  link.href = "#";
  link.onclick = async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(`/api/handoff/tickets/${ticketId}/media/${line.message_id}/${file.index}`,
        {headers: {Authorization: `Bearer ${token}`}});
      if (!response.ok) throw new Error(response.status === 403 ? "lampiran ini dirahasiakan" : "lampiran tidak dapat dibuka");
      const url = URL.createObjectURL(await response.blob());
      const save = element("a");
      save.href = url;
      save.download = name;
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) { say(error.message); }
  };
  return link;
}

function lineItem(ticketId, line) {
  const who = AUTHORS[line.author] || line.author;
  const item = element("li", undefined, `from-${who}`);
  const stamp = element("span", undefined, "who");
  stamp.append(element("time", wib(line.at)));
  item.append(stamp, `[${who}] `);
  item.append(line.hidden ? element("span", line.text, "hidden-message") : line.text);
  for (const file of line.media || []) item.append(" ", attachment(ticketId, line, file));
  return item;
}

async function show(id) {
  current = id;
  const t = await api(`/api/handoff/tickets/${id}`);
  $("ticket").hidden = false;
  $("h-ticket").textContent = `Percakapan #${t.id} · ${t.ppa ? "PPA — mode rahasia" : t.team}`;
  $("who").textContent = `Warga: ${t.citizen_name || "(tanpa nama)"} · kanal ${CHANNELS[t.channel] || t.channel}` +
    ` · ${STATES[t.status] || t.status}${t.agent_id === me ? " oleh Anda" : ""} · masuk antrean ${wib(t.queued_at)}`;
  const flags = [];
  if (t.safe_contact) flags.push(`Waktu/cara aman menghubungi: ${t.safe_contact}`);
  if (t.quiet) flags.push("Warga meminta tidak dikirimi pesan sampai ia menulis lagi.");
  if (t.case_number) flags.push(`Kasus: ${t.case_number}`);
  $("flags").replaceChildren(...flags.map((f) => element("p", f, "flash")));
  $("intake").textContent = t.intake.flow ? `Isian berjalan: ${t.intake.service || t.intake.flow}` : "";
  $("lines").replaceChildren(...t.transcript.map((line) => lineItem(t.id, line)));
  $("lines").scrollTop = $("lines").scrollHeight;
  $("older").hidden = !t.older_messages;
  $("older").textContent = `${t.older_messages} pesan lama (sebelum pencatatan per percakapan) tidak ditampilkan.`;
  $("notes").replaceChildren(...t.notes.map((n) => element("li", `${wib(n.created_at)} · ${n.body}`)));
  const mine = t.status === "assigned" && t.agent_id === me;
  $("holder-controls").hidden = !mine;
  $("take").hidden = t.status !== "queued";
  for (const id of ["handback-answered", "handback-unanswered", "close"]) {
    $(id).hidden = t.status === "closed" || (t.status === "assigned" && !mine && !supervisor);
  }
  await loadQueue();
}

async function act(run, done) {
  try {
    await run();
    say(done);
  } catch (error) {
    say(error.message);
  }
  if (current !== null) await show(current).catch((error) => say(error.message));
  else await loadQueue();
}

function onSubmit(form, run, done) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await act(() => run(form), done);
    for (const button of form.querySelectorAll("button")) button.disabled = false;
  });
}

const post = (path, json) => api(`/api/handoff/tickets/${current}/${path}`, {method: "POST", json});
$("take").onclick = () => act(() => post("take"), "Percakapan Anda ambil.");
$("handback-answered").onclick = () => act(() => post("hand-back", {answered: true}),
  "Dikembalikan ke bot; warga ditanya kepuasannya.");
$("handback-unanswered").onclick = () => act(() => post("hand-back", {answered: false}),
  "Dikembalikan ke bot tanpa pertanyaan kepuasan.");
$("close").onclick = () => act(() => post("close"), "Percakapan ditutup.");
onSubmit($("reply"), async () => {
  await post("reply", {text: $("text").value});
  $("text").value = "";
}, "Balasan terkirim.");
onSubmit($("upload"), (form) => api(`/api/handoff/tickets/${current}/upload`,
  {method: "POST", body: new FormData(form)}), "Berkas terkirim.");
onSubmit($("note"), async () => {
  await post("notes", {body: $("notetext").value});
  $("notetext").value = "";
}, "Catatan disimpan.");

async function start() {
  const canned = await api("/api/handoff/canned");
  $("canned").replaceChildren(...canned.map((c) => {
    const button = element("button", c.title);
    button.type = "button";
    button.onclick = () => { $("text").value = c.text; $("text").focus(); };
    return button;
  }));
  const beat = () => api("/api/handoff/presence", {method: "POST",
    json: {on_shift: $("shift").checked}}).catch((error) => say(error.message));
  $("shift").onchange = beat;
  beat();
  setInterval(() => { beat(); loadQueue().catch(() => {}); }, 15000);  // new bot chats too
  await loadQueue();
  const events = new EventSource(`/api/handoff/events?token=${encodeURIComponent(token)}`);
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "queued") beep();
    if (current !== null && String(event.ticket) === String(current)) show(current).catch(() => {});
    else loadQueue().catch(() => {});
  };
  const logout = document.querySelector("form.logout");
  if (logout) logout.addEventListener("submit", () => {
    api("/api/handoff/offline", {method: "POST", keepalive: true}).catch(() => {});
  });
}

function beep() {
  try {
    const context = new AudioContext();
    const tone = context.createOscillator();
    tone.connect(context.destination);
    tone.start();
    setTimeout(() => tone.stop(), 300);
  } catch (error) { /* no sound available */ }
}

start().catch((error) => say(error.message));
