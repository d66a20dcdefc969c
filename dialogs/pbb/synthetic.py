"""The embedded PBB dataset: synthetic, deterministic, the default gateway and the tests' one.

Generated at construction; the same ``seed`` and ``today`` give the same data, and the tax
objects themselves (NOPs, owners, areas) depend on ``seed`` only. Every desa/kelurahan of
Lampung Selatan's 17 kecamatan holds 2–3 objects (about 650). NOPs are SISMIOP-like,
``18.01.CCC.DDD.BBB-NNNN.0``: CCC = 010, 020, … 170 in the order of the kecamatan's
Kemendagri codes, DDD the desa's rank in its kecamatan. They are NOT the regency's real PBB
codes, and every name is invented. Each object has bills for 3–6 years, from 2021 at the
earliest to the latest SPPT year (this year from 1 March, when SPPTs are assumed issued), due
31 August (30 September in Penengahan, Raja Basa and Way Sulan) for PBB-P2 of Rp 15.000 to
Rp 2.500.000; owners paid everything, all but this year, left old arrears, or never paid.

Known NOPs, the same for any seed (Desa Hajimena, Kec. Natar; bills 2021 to the latest year):

- ``18.01.010.001.001-0001.0`` every year paid
- ``18.01.010.001.001-0002.0`` arrears: 2021 and 2022 unpaid (penalty at its cap), rest paid
- ``18.01.010.001.001-0003.0`` all paid except the latest year
- ``18.01.010.001.001-0004.0`` nothing ever paid
- ``18.01.170.999.999-9999.0`` unknown: ``lookup`` gives None
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from dialogs import regions
from dialogs.pbb.models import BillRecord, PbbObject, normalise_nop
from dialogs.pbb.penalty import PenaltyRule
from dialogs.validators import jakarta_today

PAID_NOP = "180101000100100010"
ARREARS_NOP = "180101000100100020"
LATEST_UNPAID_NOP = "180101000100100030"
NEVER_PAID_NOP = "180101000100100040"
UNKNOWN_NOP = "180117099999999990"
FIRST_YEAR = 2021
MIN_AMOUNT, MAX_AMOUNT = 15_000, 2_500_000
NJOPTKP = 10_000_000  # non-taxable NJOP per taxpayer, rupiah (synthetic figure)
KNOWN_LAND_PRICE = 60_000  # NJOP per m² of the known objects' land
SEPTEMBER_DUE = frozenset({"Penengahan", "Raja Basa", "Way Sulan"})

FIRST_NAMES = (
    "Sartini", "Bambang", "Dewi", "Ahmad", "Siti", "Budi", "Slamet", "Wayan", "Nyoman", "Made",
    "Rohmah", "Hendra", "Yanti", "Suparman", "Ratna", "Joko", "Fitri", "Marzuki", "Herman",
    "Indah", "Wahyu", "Nurhayati", "Zulkifli", "Ketut", "Sumarni", "Agus", "Rina", "Yusuf",
    "Iwan", "Sukardi", "Lina", "Rahmat", "Tuti", "Darmawan", "Eka", "Samsul",
)
LAST_NAMES = (
    "Lestari", "Saputra", "Rahayu", "Hidayat", "Wijaya", "Pratama", "Susanto", "Setiawan",
    "Kurniawan", "Purnomo", "Handayani", "Nugroho", "Syahputra", "Maulana", "Fauzi", "Santoso",
    "Wahyudi", "Gunawan", "Astuti", "Sanjaya", "Pertiwi", "Ramadhan", "Utami", "Firmansyah",
)
STREETS = (
    "Raya", "Merdeka", "Pendidikan", "Masjid", "Pasar", "Melati", "Mawar", "Kenanga", "Cempaka",
    "Sawah", "Lintas Sumatera", "Pelabuhan", "Kampung Baru", "Veteran", "Kartini", "Sukarno-Hatta",
)
PROFILES = ("paid", "latest_unpaid", "arrears", "never")
PROFILE_WEIGHTS = (45, 25, 20, 10)


@dataclass(frozen=True, slots=True)
class _TaxObject:
    nop: str
    owner_name: str
    address: str
    desa: str
    kecamatan: str
    land_area: int
    building_area: int
    bills: tuple[BillRecord, ...]  # newest first


class SyntheticPbbGateway:
    """``PbbGateway`` over the embedded dataset; penalties as of ``today`` (default: WIB now)."""

    def __init__(
        self, today: date | None = None, seed: int = 2026, *, rule: PenaltyRule | None = None
    ) -> None:
        self._today = today
        self._rule = rule or PenaltyRule()
        self._objects = _generate(seed, today or jakarta_today())

    async def lookup(self, nop: str, year: int | None = None) -> PbbObject | None:
        return self.get(nop, year)

    def get(self, nop: str, year: int | None = None) -> PbbObject | None:
        """The synchronous lookup behind ``lookup``."""
        try:
            found = self._objects.get(normalise_nop(nop))
        except ValueError:
            return None
        if found is None:
            return None
        today = self._today or jakarta_today()
        bills = [self._rule.bill(record, today) for record in found.bills]
        return PbbObject(found.nop, found.owner_name, found.address, found.desa, found.kecamatan,
                         found.land_area, found.building_area, bills).for_year(year)

    def __len__(self) -> int:
        return len(self._objects)

    def nops(self) -> list[str]:
        """Every NOP of the dataset (18 digits), sorted."""
        return sorted(self._objects)

    def sample_nops(self, n: int) -> list[str]:
        """``n`` NOPs spread evenly over the dataset (all kecamatan), the same every time."""
        every = self.nops()
        n = max(0, min(n, len(every)))
        return [every[i * len(every) // n] for i in range(n)]


def _generate(seed: int, today: date) -> dict[str, _TaxObject]:
    rng = random.Random(seed)
    latest = today.year if today >= date(today.year, 3, 1) else today.year - 1
    objects: dict[str, _TaxObject] = {}
    for rank, kecamatan in enumerate(regions.kecamatan_list(), 1):
        land_price = rng.randint(20, 250) * 1000  # NJOP of land per m², rupiah
        due = (9, 30) if kecamatan.name in SEPTEMBER_DUE else (8, 31)
        for desa_rank, desa in enumerate(regions.desa_of(kecamatan.code), 1):
            prefix = f"1801{rank * 10:03d}{desa_rank:03d}"
            numbers: Counter[int] = Counter()
            if prefix == PAID_NOP[:10]:
                objects |= _known_objects(desa, latest, today)
                numbers[1] = 4
            for _ in range(rng.randint(2, 3)):
                block = rng.randint(1, 6)
                numbers[block] += 1
                nop = f"{prefix}{block:03d}{numbers[block]:04d}0"
                spec = _Spec(nop, desa, latest, today, land_price, due)
                objects[nop] = _random_object(rng, spec)
    return objects


@dataclass(frozen=True, slots=True)
class _Spec:
    nop: str
    desa: regions.Place
    latest: int
    today: date
    land_price: int
    due: tuple[int, int]


def _random_object(rng: random.Random, spec: _Spec) -> _TaxObject:
    owner = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    land = rng.randint(60, 600) if rng.random() < 0.7 else rng.randint(600, 5000)
    building = 0 if rng.random() < 0.2 else rng.randint(21, min(400, land))
    address = _address(rng)
    bill_rng = random.Random(f"{spec.nop}:{spec.latest}:{rng.random()}")
    bills = _bills(bill_rng, spec, _amount(land, building, spec.land_price))
    return _TaxObject(spec.nop, owner, address, spec.desa.name, spec.desa.kecamatan, land,
                      building, bills)


def _address(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 150)}"
    return f"Dusun {rng.randint(1, 6)} RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 5):03d}"


def _amount(land: int, building: int, land_price: int) -> int:
    njop = land * land_price + building * 1_200_000
    return min(MAX_AMOUNT, max(MIN_AMOUNT, (njop - NJOPTKP) // 1000))  # tariff 0.1%


def _bills(rng: random.Random, spec: _Spec, base: int) -> tuple[BillRecord, ...]:
    first = max(FIRST_YEAR, spec.latest - rng.randint(3, 6) + 1)
    years = list(range(first, spec.latest + 1))
    profile = rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
    unpaid = {
        "paid": set(),
        "latest_unpaid": {spec.latest},
        "arrears": set(rng.sample(years[:-1], rng.randint(1, len(years) - 1))),
        "never": set(years),
    }[profile]
    growth = rng.uniform(0, 0.06)
    records = []
    for year in reversed(years):
        amount = min(MAX_AMOUNT, round(base * (1 + growth) ** (year - first)))
        due = date(year, *spec.due)
        paid_at = None if year in unpaid else _payment_day(rng, due)
        if paid_at is not None and paid_at > spec.today:
            paid_at = None  # the owner will pay, but has not yet
        records.append(BillRecord(year, amount, due, paid_at is not None, paid_at))
    return tuple(records)


def _payment_day(rng: random.Random, due: date) -> date:
    issued = date(due.year, 3, 1)
    late = rng.randint(1, 45) if rng.random() < 0.15 else 0
    return issued + timedelta(days=rng.randint(0, (due - issued).days) + late)


def _known_objects(desa: regions.Place, latest: int, today: date) -> dict[str, _TaxObject]:
    """The documented sample NOPs: fixed owners, amounts and payment histories."""
    years = list(range(FIRST_YEAR, latest + 1))
    known: tuple[tuple[str, str, set[int]], ...] = (
        (PAID_NOP, "Sartini Lestari", set()),
        (ARREARS_NOP, "Bambang Saputra", {FIRST_YEAR, FIRST_YEAR + 1}),
        (LATEST_UNPAID_NOP, "Dewi Rahayu", {latest}),
        (NEVER_PAID_NOP, "Ahmad Hidayat", set(years)),
    )
    objects = {}
    for index, (nop, owner, unpaid) in enumerate(known, 1):
        amount = _amount(150 * index, 36 * index, KNOWN_LAND_PRICE)
        bills = tuple(
            BillRecord(year, amount, date(year, 8, 31), year not in unpaid,
                       None if year in unpaid else min(date(year, 4, 15), today))
            for year in reversed(years)
        )
        objects[nop] = _TaxObject(nop, owner, f"Jl. Raya Hajimena No. {index}", desa.name,
                                  desa.kecamatan, 150 * index, 36 * index, bills)
    return objects
