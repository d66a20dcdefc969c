"""The load's simulated citizens: the mix of sessions (greeting, requirements, status, PBB,
KIA intake, fire reports), each a script of messages paced by the replies, and their stats."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from citizens import Citizens, ReplyTracker

MIX = {"greeting": 22, "syarat": 15, "status": 14, "pbb": 20, "kia": 27}
PLACES = ["Pasar Kalianda", "Jalan Lintas Sumatera Bakauheni", "Desa Way Urang",
          "Terminal Rajabasa", "Perumahan Natar Indah", "Pelabuhan Bakauheni", "Desa Sidomulyo",
          "Jati Agung", "Candipuro", "Katibung", "Merbau Mataram", "Palas", "Penengahan", "Sragi",
          "Tanjung Bintang"]
SYARAT = ["syarat KIA", "syarat pindah domisili", "apa syarat izin mendirikan bangunan",
          "syarat bikin KTP"]
GREETINGS = ["halo", "selamat pagi", "assalamualaikum", "menu"]
NOPS = ["18.01.040.001.001-0001.0", "180104000100100010", "18.01.040.001.001-0001.0 2025"]
CASE_NUMBER = re.compile(r"HL-\d{4}-\d{6}")
NAMES = ["Citra Lestari", "Budi Santoso", "Dewi Anggraini", "Rudi Hartono", "Siti Aminah"]


def script(kind: str, rng: random.Random, token: int) -> list[tuple]:
    """The steps of one conversation: ("text", s), ("photo",) or ("location", lat, lon)."""
    opening = [("text", rng.choice(GREETINGS))] if rng.random() < 0.3 else []
    if kind == "greeting":
        return [("text", rng.choice(GREETINGS)), ("text", rng.choice(["menu", "terima kasih"]))]
    if kind == "syarat":
        return opening + [("text", rng.choice(SYARAT))]
    if kind == "status":
        return opening + [("text", rng.choice(["cek status permohonan saya", "status"]))]
    if kind == "pbb":
        return opening + [("text", "cek pbb"), ("text", rng.choice(NOPS))]
    if kind == "kia":
        birth = f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2022, 2024)}"
        return opening + [
            ("text", "mau bikin KIA"), ("text", birth), ("text", rng.choice(NAMES)),
            ("text", "lewati"), ("text", "1801041203230007"), ("text", rng.choice(NAMES)),
            ("text", "081234567890"), ("text", "1"),
            ("photo",), ("photo",), ("photo",), ("photo",), ("text", "selesai"), ("text", "lewati"),
            ("text", "ya"), ("text", "tidak"),
        ]
    if kind == "fire":
        place = rng.choice(PLACES)
        lat, lon = -5.9 + rng.uniform(-0.4, 0.4), 105.6 + rng.uniform(-0.4, 0.4)
        return [("text", f"TOLONG ADA KEBAKARAN DI {place.upper()} #r{token}"),
                ("location", round(lat, 5), round(lon, 5)), ("text", rng.choice(NAMES)),
                ("text", "dekat masjid"), ("text", "bisa")]
    raise ValueError(kind)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # ms
    alert_latencies: list[float] = field(default_factory=list)  # ms
    acked_at: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    sessions: Counter[str] = field(default_factory=Counter)
    completed: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    fire_reports: int = 0
    alerts_missed: int = 0
    kia_confirmed: int = 0  # KIA "ya" answered within the reply timeout
    kia_ya_acknowledged: int = 0  # KIA "ya" the webhook took, answered in time or not


class LoadRun:
    """The citizens of one run; ``await run()`` returns when all have finished (bounded)."""

    def __init__(self, citizens: Citizens, tracker: ReplyTracker, *, count: int,
                 seconds: float, rate: float = 0.0, think: float = 1.0,
                 reply_timeout: float = 60.0, fire_share: float = 0.02,
                 whatsapp_share: float = 0.5, seed: int = 8, first_id: int = 0,
                 mix: dict[str, int] | None = None, second_session: float = 0.3) -> None:
        self.client = citizens
        self.tracker = tracker
        self.count = count
        self.seconds = seconds
        self.rate = rate
        self.think = think
        self.reply_timeout = reply_timeout
        self.fire_share = fire_share
        self.whatsapp_share = whatsapp_share
        self.seed = seed
        self.first_id = first_id
        self.mix = mix or MIX
        self.second_session = second_session
        self.stats = Stats()
        self._next_slot = 0.0
        self._tokens = 0
        self._alert_tasks: set[asyncio.Task[None]] = set()
        # Each KIA "ya" (the confirmation): the chat and how many replies it had before.
        self.confirmations: list[tuple[tuple[str, str], int]] = []
        self.started = 0.0
        self.deadline = 0.0

    async def _slot(self) -> None:
        if self.rate <= 0:
            return
        now = time.perf_counter()
        slot = max(now, self._next_slot)
        self._next_slot = slot + 1 / self.rate
        if slot > now:
            await asyncio.sleep(slot - now)

    def _kind(self, rng: random.Random) -> str:
        if rng.random() < self.fire_share:
            return "fire"
        kinds, weights = zip(*self.mix.items(), strict=True)
        return rng.choices(kinds, weights)[0]

    async def run(self) -> Stats:
        self.started = time.perf_counter()
        self.deadline = self.started + self.seconds
        await asyncio.gather(*(self._citizen(i) for i in range(self.count)))
        if self._alert_tasks:
            await asyncio.gather(*self._alert_tasks)
        return self.stats

    async def _citizen(self, index: int) -> None:
        rng = random.Random(self.seed * 1_000_003 + index)
        ident = self.first_id + index
        whatsapp = rng.random() < self.whatsapp_share
        key = (("whatsapp", f"whatsapp:+62813{ident:08d}") if whatsapp
               else ("telegram", str(10_000_000 + ident)))
        await asyncio.sleep(rng.uniform(0, max(0.0, self.seconds * 0.85)))
        while time.perf_counter() < self.deadline:
            kind = self._kind(rng)
            self._tokens += 1
            finished = await self._session(kind, script(kind, rng, self._tokens), key, rng,
                                           self._tokens)
            if not finished or rng.random() > self.second_session:
                return
            await asyncio.sleep(rng.uniform(20, 90) * self.think)

    async def _session(self, kind: str, steps: list[tuple], key: tuple[str, str],
                       rng: random.Random, token: int) -> bool:
        stats = self.stats
        stats.sessions[kind] += 1
        for number, step in enumerate(steps):
            if time.perf_counter() >= self.deadline:
                return False
            await self._slot()
            seen = self.tracker.count(key)
            if key[0] == "telegram":
                update = self.client.telegram_update(int(key[1]), step)
                posted = await self.client.send_telegram(
                    update, retry=True)
            else:
                posted = await self.client.send_whatsapp(
                    self.client.whatsapp_form(key[1].removeprefix("whatsapp:"), step))
            stats.channels[key[0]] += 1
            for status in posted.statuses:
                if not status.startswith("2"):
                    stats.errors["timeout" if status == "timeout" else
                                 f"http_{status}" if status.isdigit() else status] += 1
            if not posted.acked:
                stats.errors["not_acknowledged"] += 1
                return False
            stats.acked_at.append(posted.acked_at)
            if kind == "kia" and step == ("text", "ya"):
                stats.kia_ya_acknowledged += 1
            if kind == "fire" and number == 0:
                stats.fire_reports += 1
                task = asyncio.create_task(self._alert(token, posted.started))
                self._alert_tasks.add(task)
                task.add_done_callback(self._alert_tasks.discard)
            arrived = await self.tracker.wait_beyond(key, seen, self.reply_timeout)
            if arrived is None:
                stats.errors["missing_reply"] += 1
                return False
            stats.latencies.append((arrived - posted.started) * 1000)
            if kind == "kia" and step == ("text", "ya"):
                stats.kia_confirmed += 1
                self.confirmations.append((key, seen))
            pause = rng.uniform(4, 10) if step[0] == "photo" else rng.uniform(2, 8)
            await asyncio.sleep(pause * self.think)
        stats.completed[kind] += 1
        return True

    def confirmation_check(self) -> dict[str, Any]:
        """Whether each KIA "ya" was answered with a case number (in the turn's replies, up
        to three): the numbers told, and a few answers that carried none (synthetic data)."""
        told: set[str] = set()
        without: list[str] = []
        for key, seen in self.confirmations:
            replies = self.tracker.texts.get(key, [])[seen:seen + 3]
            numbers = CASE_NUMBER.findall(" ".join(replies))
            told.update(numbers)
            if not numbers:
                without.append(" | ".join(reply[:100] for reply in replies) or "(no reply)")
        return {"kia_numbers_told": len(told), "kia_ya_without_number": len(without),
                "samples_without_number": without[:8]}

    async def _alert(self, token: int, posted: float) -> None:
        arrived = await self.tracker.wait_alert(token, max(self.reply_timeout, 30.0))
        if arrived is None:
            self.stats.alerts_missed += 1
        else:
            self.stats.alert_latencies.append((arrived - posted) * 1000)
