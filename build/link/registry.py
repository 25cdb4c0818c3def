"""Stable cluster ids: a story, entity or event keeps the id an earlier build published for it, so adding
unrelated articles changes no existing `story_id`, `entity_id` or `event_id`.

Linking gives each cluster a content-derived id (a story's smallest article, an entity's type and most frequent
name, an event's first mention), and content that joins a cluster can change it. So after linking, clusters are
matched with the clusters the last published build registered (schemas/work.py, ID_REGISTRY), by their members'
stable content keys: an article's `article_id`, an entity mention's `mention_id`, an event mention's article and
trigger offset. Rule `ids-1`: registered ids go to the clusters that share most members with them, largest
overlaps first (ties: the smallest registered id, then the smallest content-derived id), each id to one cluster
at most. So a cluster that split keeps its id in the part that holds most of it; clusters that merged keep the id
of the larger share. Every other cluster gets its content-derived id, unless a carried cluster holds that id
(then an id hashed from it). With no registry the ids are the content-derived ones, and the same input with the
same registry gives the same ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain
from typing import Callable, Iterable

from newstables.schemas.ids import stable_id

RULE = {"version": "ids-1", "carry": "a cluster keeps the registered id it shares most members with (largest "
        "overlaps first, ties by smallest id); each id goes to one cluster; others get their content-derived id"}
Clusters = dict[str, set[str]]  # id -> member keys


def assign_ids(clusters: Clusters, registered: Clusters) -> dict[str, str]:
    """The id of each cluster of `clusters` (keyed by its content-derived id), given the registered clusters."""
    registered_as = defaultdict(list)  # member -> registered ids holding it
    for registered_id, members in registered.items():
        for member in members:
            registered_as[member].append(registered_id)
    shared = Counter((cluster, registered_id) for cluster, members in clusters.items() for member in members
                     for registered_id in registered_as.get(member, ()))
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for (cluster, registered_id), _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0])):
        if cluster not in ids and registered_id not in taken:
            ids[cluster] = registered_id
            taken.add(registered_id)
    for cluster in sorted(set(clusters) - set(ids)):
        ids[cluster] = _unused(cluster, taken)
        taken.add(ids[cluster])
    return ids


def _unused(content_id: str, taken: set[str]) -> str:
    """The content-derived id, unless a carried cluster holds it: then one hashed from it, the same every build."""
    prefix, n, candidate = content_id.split("_")[0], 0, content_id
    while candidate in taken:
        n += 1
        candidate = stable_id(prefix, content_id, n)
    return candidate


class IdRegistry:
    """One build's pass over its clusters: relabels the rows as `assign_ids` says and keeps the clusters under
    their final ids, for the work folder to register once the release is published."""

    def __init__(self, registered: dict[str, Clusters] | None):
        """`registered`: kind -> the last published build's clusters; None when there is no registry yet."""
        self.used = registered is not None
        self.registered = registered or {}
        self.clusters: dict[str, Clusters] = {}
        self.carried: dict[str, int] = {}

    def keep_story_ids(self, articles: list[dict]) -> None:
        self._keep("story", articles, "story_id", lambda a: [a["article_id"]])

    def keep_entity_ids(self, mentions: list[dict], catalog: list[dict]) -> None:
        """Before anything reads a mention's entity_id (speakers, participants), so references follow."""
        self._keep("entity", mentions, "entity_id", lambda m: [m["mention_id"]], catalog)

    def keep_event_ids(self, events: list[dict]) -> None:
        self._keep("event", events, "event_id", lambda e: [f"{m['article_id']}@{m['char_start']}" for m in e["mentions"]])

    def keep_quote_cluster_ids(self, quotes: list[dict]) -> None:
        self._keep("quote_cluster", quotes, "quote_cluster_id", lambda q: [q["quote_id"]])

    def _keep(self, kind: str, rows: list[dict], field: str, members_of: Callable[[dict], Iterable[str]],
              referring: Iterable[dict] = ()) -> None:
        """`rows` name their cluster in `field`; `referring` rows hold the same ids in the same field."""
        clusters: Clusters = defaultdict(set)
        for row in rows:
            clusters[row[field]].update(members_of(row))
        registered = self.registered.get(kind, {})
        ids = assign_ids(clusters, registered)
        for row in chain(rows, referring):
            row[field] = ids[row[field]]
        self.clusters[kind] = {ids[cluster]: members for cluster, members in clusters.items()}
        self.carried[kind] = sum(bool(members & registered.get(i, set())) for i, members in self.clusters[kind].items())

    def summary(self) -> dict:
        """For the manifest: whether a registry was read, and how many ids it carried over (per kind)."""
        return {**RULE, "registry_used": self.used, "carried": dict(sorted(self.carried.items())),
                "new": {kind: len(self.clusters[kind]) - self.carried[kind] for kind in sorted(self.clusters)}}
