"""Recorded demand: a CSV or AWS CLI CloudWatch JSON file, resampled to 1-minute runs.

`load_trace(path)` is the one entry point; `formats.py` is the table of readers
(`csv_reader`, `cloudwatch`), imported on use, so a workload without a trace never pays
for them.
"""

from aurora_cost.demand.traces import formats
from aurora_cost.demand.traces.load import load_trace
from aurora_cost.demand.traces.resample import resample
from aurora_cost.demand.traces.samples import Samples, Trace, TraceInfo

TRACE_FORMATS = formats.names()  # the built-in ones; `formats.names()` has every registered

__all__ = ["TRACE_FORMATS", "Samples", "Trace", "TraceInfo", "load_trace", "resample"]
