"""The main menu, the agency list and each agency's services, paged for phone screens."""

from __future__ import annotations

from backend.core.catalog.loader import Catalog
from backend.core.messages import Button
from dialogs.ports import Reply
from dialogs.texts import t

PAGE_SIZE = 8
MENU_ITEMS = ("services", "pbb", "status", "fire", "complaint", "agent")


def main_menu(language: str) -> Reply:
    """The six entry points."""
    return Reply(text=t("menu_title", language), buttons=[
        Button(label=t(f"menu_{item}", language), payload=f"menu:{item}") for item in MENU_ITEMS
    ])


def _page(buttons: list[Button], page: int, more_payload: str, language: str) -> list[Button]:
    start = page * PAGE_SIZE
    shown = buttons[start:start + PAGE_SIZE]
    if start + PAGE_SIZE < len(buttons):
        shown.append(Button(label=t("more", language), payload=more_payload))
    shown.append(Button(label=t("back_to_menu", language), payload="menu"))
    return shown


def agency_menu(catalog: Catalog, language: str, page: int = 0) -> Reply:
    """Agencies that offer at least one service, most used first (``rank``), then by name."""
    used = sorted({s.agency for s in catalog},
                  key=lambda code: (catalog.agencies[code].rank, catalog.agencies[code].short))
    buttons = [Button(label=catalog.agencies[code].short[:64], payload=f"agency:{code}")
               for code in used]
    return Reply(text=t("agencies_title", language),
                 buttons=_page(buttons, page, f"agencies:{page + 1}", language))


def service_menu(catalog: Catalog, agency: str, language: str, page: int = 0) -> Reply:
    """One agency's services, most used first (``rank``), then by name."""
    services = sorted((s for s in catalog if s.agency == agency),
                      key=lambda s: (s.rank, s.name.id))
    name = (lambda s: s.name.en) if language == "en" else (lambda s: s.name.id)
    buttons = [Button(label=name(s)[:64], payload=f"svc:{s.code}") for s in services]
    return Reply(text=t("services_title", language, agency=catalog.agencies[agency].short),
                 buttons=_page(buttons, page, f"svcpage:{agency}:{page + 1}", language))
