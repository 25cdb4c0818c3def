"""Union-find over hashable keys; the root of a group is its smallest key, so results never depend on order."""

from __future__ import annotations


class Groups:
    def __init__(self, keys=()):
        self.parent = {}
        for k in keys:
            self.find(k)

    def find(self, k):
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> list[list]:
        out: dict = {}
        for k in sorted(self.parent):
            out.setdefault(self.find(k), []).append(k)
        return list(out.values())
