"""The workload file: what the database does, and the options to price."""

from aurora_cost.demand.spec import WEEKDAYS, DemandSpec, Schedule
from aurora_cost.options import Option, ProvisionedOption, ServerlessV1Option, ServerlessV2Option
from aurora_cost.workload.model import Workload, load_workload, parse_workload
from aurora_cost.workload.whatif import WhatIf, apply_what_if

__all__ = [
    "WEEKDAYS",
    "DemandSpec",
    "Option",
    "ProvisionedOption",
    "Schedule",
    "ServerlessV1Option",
    "ServerlessV2Option",
    "WhatIf",
    "Workload",
    "apply_what_if",
    "load_workload",
    "parse_workload",
]
