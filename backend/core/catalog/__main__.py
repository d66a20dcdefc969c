"""``python -m backend.core.catalog``: validate the catalog and print one line per problem."""

import sys

from backend.core.catalog.loader import CatalogError, load_catalog

try:
    catalog = load_catalog()
except CatalogError as error:
    print("\n".join(error.problems), file=sys.stderr)
    print(f"{len(error.problems)} problem(s)", file=sys.stderr)
    sys.exit(1)
print(f"catalog ok: {len(catalog)} services, {len(catalog.agencies)} agencies")
