"""A parliament seating chart as SVG, drawn on the server (no JavaScript)."""

import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Seat:
    color: str  # a CSS colour for the fill attribute
    label: str  # the seat's tooltip and accessible name
    href: str = ""


def _rows_for(n: int) -> int:
    # About four seats in the innermost row per row of depth keeps dots evenly spaced.
    return max(1, math.ceil(math.sqrt(n / 4)))


def positions(n: int, radius: float = 100.0) -> list[tuple[float, float]]:
    """(x, y) of n seats on concentric half rings, ordered from left to right."""
    if n == 0:
        return []
    rows = _rows_for(n)
    radii = [radius * (0.4 + 0.6 * i / max(rows - 1, 1)) for i in range(rows)]
    counts = [int(n * r / sum(radii)) for r in radii]
    counts[-1] += n - sum(counts)
    seats = []
    for r, count in zip(radii, counts, strict=True):
        for j in range(count):
            angle = math.pi * (1 - j / (count - 1)) if count > 1 else math.pi / 2
            seats.append((angle, r))
    seats.sort(key=lambda seat: (-round(seat[0], 6), seat[1]))
    return [(radius + r * math.cos(a), radius - r * math.sin(a)) for a, r in seats]


def _circle(x: str, y: str, r: str, seat: Seat) -> SafeString:
    circle = format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>',
        x,
        y,
        r,
        seat.color,
        seat.label,
    )
    return format_html('<a href="{}">{}</a>', seat.href, circle) if seat.href else circle


def hemicycle(seats: list[Seat], *, title: str, radius: float = 100.0) -> SafeString:
    """Seats are placed in the order given, so groups given together sit together."""
    points = positions(len(seats), radius)
    rows = _rows_for(len(seats))
    dot = min(radius * 0.6 / max(rows, 1) * 0.42, 6.0) if seats else 0
    circles = format_html_join(
        "",
        "{}",
        (
            (_circle(f"{x:.2f}", f"{y:.2f}", f"{dot:.2f}", seat),)
            for (x, y), seat in zip(points, seats, strict=True)
        ),
    )
    height = radius + dot + 2
    box = (-dot - 2, -dot - 2, 2 * radius + 2 * dot + 4, height + dot + 2)
    return format_html(
        '<svg class="hemicycle" viewBox="{}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        " ".join(f"{v:.2f}" for v in box),
        title,
        title,
        circles,
    )
