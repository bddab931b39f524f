"""`aurora-cost reconcile`: an AWS bill (CUR 2.0 or FOCUS export) against what aurora-cost
computes for the same usage, cluster by cluster, and the alternatives on the billed demand.

    from aurora_cost.bill import reconcile
    document = reconcile(["tests/data/bills/cur2.csv.gz"], pricing="tests/data/prices")
"""

from __future__ import annotations

from aurora_cost.bill.reconcile import reconcile

__all__ = ["reconcile"]
