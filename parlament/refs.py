"""Committees, convocations and deputies by database id, as the API's lists of bills name
them: rows that change a few times a convocation, read once per process and again at least
every `ttl` seconds, or at once when an id is not known yet. A page of bills then reads its
own tables alone instead of joining five others on every request."""

import threading
import time

from chambers.models import Committee, Convocation
from deputies.models import Deputy
from deputies.serializers import deputy_columns, deputy_ref

from .api import public_id, texts, translated


class References:
    def __init__(self, ttl: float = 60):
        self.ttl = ttl
        self.loaded_at = float("-inf")
        self.lock = threading.Lock()
        self._committees: dict[int, dict] = {}
        self._committee_order: dict[int, tuple] = {}
        self._convocations: dict[int, int] = {}
        self._deputies: dict[int, dict] = {}
        self._deputy_order: dict[int, tuple] = {}

    def committee(self, pk: int | None) -> dict | None:
        """A committee as a reference: {id, ocd_id, name}."""
        if pk is None:
            return None
        return self._fresh(pk, "_committees")[pk]

    def committee_order(self, pk: int) -> tuple:
        """Committees by chamber, then name."""
        return self._fresh(pk, "_committee_order")[pk]

    def convocation_number(self, pk: int | None) -> int | None:
        if pk is None:
            return None
        return self._fresh(pk, "_convocations")[pk]

    def deputy(self, pk: int) -> dict:
        """A deputy as a reference: {id, ocd_id, name}."""
        return self._fresh(pk, "_deputies")[pk]

    def deputy_order(self, pk: int) -> tuple:
        """Deputies in order of their Kazakh last and first names."""
        return self._fresh(pk, "_deputy_order")[pk]

    def clear(self) -> None:
        with self.lock:
            self.loaded_at = float("-inf")

    def _fresh(self, pk: int, table: str) -> dict:
        found = getattr(self, table)
        if pk not in found or time.monotonic() - self.loaded_at > self.ttl:
            self._load()
            found = getattr(self, table)
        return found

    def _load(self) -> None:
        with self.lock:
            committees, order = {}, {}
            columns = ("code", "chamber__code", "convocation__number", *translated("name"))
            rows = Committee.objects.rewrite(False).values(
                "id", "name", "chamber__position", *columns
            )
            for row in rows:
                order[row["id"]] = (row["chamber__position"], row["name"], row["id"])
                key = public_id(row["chamber__code"], row["convocation__number"], row["code"])
                committees[row["id"]] = {
                    "id": key,
                    "ocd_id": f"ocd-organization/{key}",
                    "name": texts(row, "name"),
                }
            self._committees, self._committee_order = committees, order
            self._convocations = dict(Convocation.objects.values_list("id", "number"))
            deputies, order = {}, {}
            for row in Deputy.objects.rewrite(False).values("id", *deputy_columns()):
                deputies[row["id"]] = deputy_ref(row)
                order[row["id"]] = (row["last_name_kk"], row["first_name_kk"], row["uuid"])
            self._deputies, self._deputy_order = deputies, order
            self.loaded_at = time.monotonic()


REFERENCES = References()
