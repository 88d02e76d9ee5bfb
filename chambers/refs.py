"""Committees and convocations by database id, for the API's lists of bills: reference data
that changes a few times a convocation, read once per process and again at least every
`ttl` seconds, or at once when an id is not known yet. A bills query then reads its own table
alone instead of joining four reference tables on every request."""

import threading
import time

from parlament.api import public_id, texts, translated

from .models import Committee, Convocation


class References:
    def __init__(self, ttl: float = 60):
        self.ttl = ttl
        self.loaded_at = float("-inf")
        self.lock = threading.Lock()
        self._committees: dict[int, dict] = {}
        self._convocations: dict[int, int] = {}

    def committee(self, pk: int | None) -> dict | None:
        """A committee as a reference: {id, ocd_id, name}."""
        if pk is None:
            return None
        return self._fresh(pk, "_committees")[pk]

    def convocation_number(self, pk: int | None) -> int | None:
        if pk is None:
            return None
        return self._fresh(pk, "_convocations")[pk]

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
            committees = {}
            columns = ("code", "chamber__code", "convocation__number", *translated("name"))
            for row in Committee.objects.rewrite(False).values("id", *columns):
                key = public_id(row["chamber__code"], row["convocation__number"], row["code"])
                committees[row["id"]] = {
                    "id": key,
                    "ocd_id": f"ocd-organization/{key}",
                    "name": texts(row, "name"),
                }
            self._committees = committees
            self._convocations = dict(Convocation.objects.values_list("id", "number"))
            self.loaded_at = time.monotonic()


REFERENCES = References()
