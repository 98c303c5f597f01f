"""The case ids a batch has used: each run refuses a second case with the same id."""

from __future__ import annotations

import hashlib
from array import array


class SeenIds:
    """Case ids already used in this batch, as 8-byte hashes in compact tables (flat memory).

    A ``set`` of hashes cost 100–130 bytes per case in the main process (1.2 GB at ten million
    cases); here each id is one 8-byte slot in one of 256 open-addressing tables (chosen by
    the hash's first byte, so a table that grows copies 1/256 of the ids, not all of them).
    A table is at most ``MAX_LOAD`` full and grows by a quarter, so it is always more than
    two thirds full once grown: 9.4–11.8 bytes per case (tables that doubled at three quarters
    full held 10.7–21 bytes per case, 16 MB at a million). Linear probing at that load takes a
    few more probes per id, under a microsecond in all. Two different ids share a hash with a chance of about n²/2⁶⁵
    (one in 37 million at a million cases); then the later case is reported as a duplicate,
    as before with the set of the same hashes.
    """

    MAX_LOAD = 0.85
    GROWTH = 1.25

    def __init__(self) -> None:
        self._tables = [array("Q", bytes(8 * 16)) for _ in range(256)]
        self._counts = [0] * 256

    def add(self, case_id: str) -> bool:
        """Record ``case_id``; False when it was already there."""
        key = int.from_bytes(hashlib.blake2b(case_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little") or 1
        part = key & 0xFF
        table = self._tables[part]
        if not self._insert(table, key):
            return False
        self._counts[part] += 1
        if self._counts[part] > len(table) * self.MAX_LOAD:
            self._tables[part] = self._grown(table)
        return True

    @staticmethod
    def _insert(table: array[int], key: int) -> bool:
        size = len(table)
        slot = (key >> 8) % size
        while True:
            found = table[slot]
            if found == 0:
                table[slot] = key
                return True
            if found == key:
                return False
            slot += 1
            if slot == size:
                slot = 0

    def _grown(self, table: array[int]) -> array[int]:
        bigger = array("Q", bytes(8 * (int(len(table) * self.GROWTH) + 1)))
        for key in table:
            if key:
                self._insert(bigger, key)
        return bigger
