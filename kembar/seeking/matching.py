"""Interests matched to seeking regions by the partner-search ranking's own criteria (kembar.discovery.ranking).

The bureau's list ranks the interests addressed to its region: the region's profile against each interest's
city, every criterion with both sides' values and its points, as the partner search explains a candidate. The
fields the sender names count as that city's fields (the ranking's `notes`, as staff notes on a shortlisted
candidate do). The national view scores every published seeking region against every open interest: one array
operation per region over the interests' places (the ranking's numpy arrays, built once per process), not a
loop of single explanations."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from kembar.discovery import ranking
from kembar.discovery.models import Place, RegionProfile, SavedSearch
from kembar.discovery.selectors import place_search

#: The most regions × interests the national view scores in one page.
MAX_REGIONS = 25
MAX_INTERESTS = 200


def find_places(name: str, *, country: str, limit: int = 8) -> list[Place]:
    """The places of `country` with this name in any script (`名古屋`, `수원`, `Nagoya`): cities first, larger first."""
    found = [p for p in place_search(name=name, limit=100) if p.country_code == country]
    found.sort(key=lambda p: (p.kind != Place.Kind.CITY, -p.population, p.pk))
    return found[:limit]


def place_label(place: Place, language: str) -> str:
    """How the form names a place to choose: its name, country, population and where it lies (two of one name
    differ in these)."""
    people = f"{place.population:,}".replace(",", "." if language == "id" else ",")
    where = ""
    if place.latitude is not None and place.longitude is not None:
        lat, lon = place.latitude, place.longitude
        where = f" · {abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"
    return f"{place.name} ({place.country_code}) · {people}{where}"


def weights_for(region) -> tuple[dict[str, int], SavedSearch | None]:
    """The weights the bureau ranks with: its latest saved search's, else the ranking's defaults."""
    saved = SavedSearch.objects.filter(region=region).order_by("-created_at", "-pk").first()
    if saved is None:
        return dict(ranking.DEFAULT_WEIGHTS), None
    try:
        return ranking.clean_weights(saved.weights), saved
    except ValueError:
        return dict(ranking.DEFAULT_WEIGHTS), None


@dataclass
class Match:
    """One interest scored for one region: its score and its criteria (kembar.discovery.ranking.Criterion)."""

    interest: object
    score: int | None  # None: the interest's city was not identified
    criteria: list
    eligible: bool

    @property
    def reasons(self) -> list:
        """The criteria that gave points, best first: (label, what they add to the score)."""
        gave = [(c.label, c.contribution) for c in self.criteria if c.contribution]
        return sorted(gave, key=lambda r: -r[1])

    @property
    def adds_up(self) -> bool:
        return self.score is None or self.score == sum(c.contribution for c in self.criteria)


def _fields_points(s, interest) -> int:
    """The fields criterion for one interest: what the registry's partnerships in its country cover, with the
    fields its sender names (each interest its own, even two from one city)."""
    covered = s.covered.get(interest.place.country_code, []) + ranking.field_words(interest.fields or [])
    return ranking.fields_points(s.wanted, covered)


def rank_interests(profile: RegionProfile, interests: list, *, weights: dict[str, int]) -> list[Match]:
    """The interests ranked for the region: eligible first, then by score, then newest. One search's inputs, one
    array operation for all the interests' places, one query for their ties (not one explanation each)."""
    s = ranking.search_for(profile, weights=weights)
    a = ranking.arrays()
    places = {i.place_id: i.place for i in interests if i.place_id}
    position = {int(pk): n for n, pk in enumerate(a.pk)} if places else {}
    pks = np.array([pk for pk in places if pk in position], dtype=np.int64)
    idx = np.array([position[int(pk)] for pk in pks], dtype=np.int64)
    points = ranking.points_arrays(a, s, idx) if len(idx) else {}
    by_place = {int(pk): {k: int(v[n]) for k, v in points.items()} for n, pk in enumerate(pks)}
    ties = ranking.ties_of(list(places.values()))
    matches = []
    for interest in interests:
        if not interest.place_id:
            matches.append(Match(interest, None, [], False))
            continue
        pts = dict(by_place.get(interest.place_id, {k: 0 for k in ranking.DEFAULT_WEIGHTS}))
        pts["fields"] = _fields_points(s, interest)
        own = replace(s, notes={interest.place_id: ranking.field_words(interest.fields or [])})
        criteria = ranking._criteria(profile, own, interest.place, pts, ties.get(interest.place_id, []))
        eligible = all(c.met for c in criteria if c.required)
        matches.append(Match(interest, sum(c.contribution for c in criteria), criteria, eligible))
    matches.sort(key=lambda m: (not m.eligible, -(m.score or 0), -m.interest.created_at.timestamp(), -m.interest.pk))
    return matches


@dataclass
class Matrix:
    """Seeking regions (rows) × interests (columns): each cell the score, or None when the city is not eligible
    for that region (another administrative level, no diplomatic relations)."""

    regions: list  # RegionProfile, in the order of the rows
    interests: list
    scores: np.ndarray  # int64, regions × interests; -1 where not eligible

    def cell(self, r: int, i: int) -> int | None:
        value = int(self.scores[r, i])
        return None if value < 0 else value

    def rows(self):
        """(profile, [(interest, score or None, best of its column), ...]) for the template."""
        best = self.scores.max(axis=0) if self.scores.size else np.zeros(0)
        for r, profile in enumerate(self.regions):
            yield (
                profile,
                [
                    (interest, self.cell(r, i), self.cell(r, i) is not None and self.scores[r, i] == best[i])
                    for i, interest in enumerate(self.interests)
                ],
            )

    def pairs(self, limit: int = 50):
        """The best pairs over the whole matrix: (score, profile, interest), highest first."""
        if not self.scores.size:
            return []
        flat = self.scores.ravel()
        order = np.argsort(-flat, kind="stable")[:limit]
        n = len(self.interests)
        return [(int(flat[k]), self.regions[k // n], self.interests[k % n]) for k in order if flat[k] >= 0]


def matrix(profiles: list[RegionProfile], interests: list) -> Matrix:
    """Every seeking region's profile scored against every interest's city with the default weights, in arrays:
    per region, the ranking's points over the interests' places at once and the required criteria as a mask."""
    profiles, interests = profiles[:MAX_REGIONS], [i for i in interests if i.place_id][:MAX_INTERESTS]
    scores = np.full((len(profiles), len(interests)), -1, dtype=np.int64)
    if not profiles or not interests:
        return Matrix(profiles, interests, scores)
    a = ranking.arrays()
    position = {int(pk): n for n, pk in enumerate(a.pk)}
    idx = np.array([position.get(i.place_id, -1) for i in interests], dtype=np.int64)
    known = idx >= 0
    for r, profile in enumerate(profiles):
        s = ranking.search_for(profile)
        eligible = np.zeros(len(interests), dtype=bool)
        eligible[known] = np.isin(idx[known], ranking.candidates(a, s))
        row = np.zeros(len(interests), dtype=np.int64)
        if known.any():
            points = ranking.points_arrays(a, s, idx[known])
            # Each interest's own fields (two from one city may name different ones).
            points["fields"] = np.array(
                [_fields_points(s, i) for i, k in zip(interests, known, strict=True) if k], dtype=np.int64
            )
            total = np.zeros(int(known.sum()), dtype=np.int64)
            for key, pts in points.items():
                total += pts * s.weights[key]
            row[known] = total
        scores[r] = np.where(eligible, row, -1)
    return Matrix(profiles, interests, scores)
