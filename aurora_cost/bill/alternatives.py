"""The alternatives of section 12 (`advise`), priced on the billed hourly demand.

The demand is the busiest Serverless v2 instance's billed ACU, hour by hour (the writer,
as a rule); the cluster's other Serverless v2 instances are kept as readers scaling
independently at their billed average ACU, and its storage, I/O and backup are the billed
amounts. The advice's costs are for a month of 730 hours. A cluster of provisioned instances
only has no demand in its bill (an instance bills its hours, whatever its load): no
alternatives, with a note saying how to get them.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from aurora_cost.advise.model import Advice
from aurora_cost.bill.computed import Priced, Scaling, demand_profile, derived_range
from aurora_cost.options import ServerlessV2Option

NO_DEMAND = (
    "no alternatives: the bill shows instance hours, not load; run 'aurora-cost advise "
    "--trace' on the instances' CloudWatch metrics"
)


def alternatives(
    priced: Priced, region: str, pricing: str | Path | None, scaling: Scaling | None = None
) -> tuple[Advice | None, str | None]:
    from aurora_cost.advise import advise

    series = priced.writer_demand
    if series is None or priced.workload is None:
        provisioned = any(i.instance_class != "db.serverless" for i in priced.instances)
        return None, NO_DEMAND if provisioned else None
    low, high, pause = derived_range(series, scaling or Scaling())
    carrier = priced.workload.options[0]
    readers = sum(1 for i in priced.instances if i.instance_class == "db.serverless") - 1
    independent: dict[str, Any] = {}
    if readers > 0 and priced.reader_acu is not None:
        if (scaling is None or scaling.min_acu is None) and low > 0:
            low = min(low, max(0.5, math.floor(priced.reader_acu * 2) / 2))  # the cluster's floor
        independent = {"reader_scaling": "independent",
                       "reader_acu": {"constant": round(priced.reader_acu, 4)}}  # fmt: skip
    current = ServerlessV2Option.model_validate(
        {"kind": "serverless-v2", "name": "as-billed", "min_acu": low, "max_acu": high,
         "seconds_until_auto_pause": pause, "readers": max(0, readers),
         "storage": carrier.storage, "engine": carrier.engine, **independent}
    )  # fmt: skip
    workload = priced.workload.model_copy(update={"options": [current]})
    return advise(workload, region, pricing=pricing, profile=demand_profile(series)), None
