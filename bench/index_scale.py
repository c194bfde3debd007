"""The facet index's in-process work at a million practices, without a database:
`.venv/bin/python bench/index_scale.py [practices]` (default 1,000,000).

Builds a synthetic index (8 facets, ~80 values, ids in a shuffled newest-first order)
and times what a list request does with it: filter, count every facet value, cut
page 50 from the order (FacetIndex.page_ids), and the pickle app servers share.
"""

import os
import pickle
import random
import sys
import time
from array import array
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, portal_env  # noqa: E402

sys.path.insert(0, str(ROOT))
os.environ.update(portal_env(DJANGO_SETTINGS_MODULE="spring_portal.settings"))

import django  # noqa: E402

django.setup()

from practices.facet_index import FacetIndex, bits_from_ids  # noqa: E402

FACETS = {"country": 16, "area": 14, "group": 10, "funding": 6, "org_type": 8,
          "evidence": 4, "status": 2, "year": 21}  # fmt: skip


def ms(start):
    return f"{(time.perf_counter() - start) * 1000:.1f} ms"


def main(size):
    rng = random.Random(1)
    ids = list(range(1, size + 1))
    values = {}
    for name, number in FACETS.items():
        buckets = [[] for _ in range(number)]
        for pk in ids:
            buckets[rng.randrange(number)].append(pk)
        values[name] = {str(v): bits_from_ids(b) for v, b in enumerate(buckets)}
    order = ids[:]
    rng.shuffle(order)
    index = FacetIndex(bits_from_ids(ids), values, {}, {"newest": array("I", order)})
    print(f"{size:,} practices")
    for selected in ({}, {"country": ["3"]}, {"country": ["3"], "area": ["5"]},
                     {"country": ["3"], "area": ["5"], "year": ["7"]}):  # fmt: skip
        start = time.perf_counter()
        results = index.filter(selected)
        index.count(results)
        counted = ms(start)
        start = time.perf_counter()
        index.page_ids("newest", results, 980, 1000)
        print(f"  {selected or 'no filter'}: {results.bit_count():,} results, filter + count "
              f"{counted}, page 50 ids {ms(start)}")  # fmt: skip
    sparse = bits_from_ids(rng.sample(ids, 5001))
    start = time.perf_counter()
    index.page_ids("newest", sparse, 980, 1000)
    print(f"  sparsest result cut from the order (5,001): page 50 ids {ms(start)}")
    start = time.perf_counter()
    blob = pickle.dumps(index, pickle.HIGHEST_PROTOCOL)
    dumped = ms(start)
    start = time.perf_counter()
    pickle.loads(blob)  # noqa: S301 - our own pickle
    print(f"  pickle {len(blob) / 1e6:.1f} MB, dump {dumped}, load {ms(start)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
