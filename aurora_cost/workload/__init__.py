"""The workload file: what the database does, and the options to price."""

from aurora_cost.workload.model import (
    WEEKDAYS,
    Option,
    ProvisionedOption,
    Schedule,
    ServerlessV1Option,
    ServerlessV2Option,
    Usage,
    Workload,
    load_workload,
    parse_workload,
)

__all__ = [
    "WEEKDAYS",
    "Option",
    "ProvisionedOption",
    "Schedule",
    "ServerlessV1Option",
    "ServerlessV2Option",
    "Usage",
    "Workload",
    "load_workload",
    "parse_workload",
]
