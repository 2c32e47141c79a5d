"""The peer's batch with a warning on every row: ../shared/bench-peer/gen.py as it is,
every phone number cut to ten digits (W207 on each row, nothing else changed), so that
the cost of a batch that goes wrong can be set beside the clean one.

    python3 bench/warned_batch.py --files 20 --rows 5000 --out d100k-warn
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench-peer"))
import gen  # noqa: E402

clean_row = gen.make_row


def row_with_a_warning(seed, f, r, single):
    row = list(clean_row(seed, f, r, single))
    row[12] = row[12][:10]
    return tuple(row)


gen.make_row = row_with_a_warning

if __name__ == "__main__":
    gen.main()
