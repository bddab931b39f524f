"""Aurora engine versions: what AWS offers on each and what it charges for it.

`catalogue` reads the bundled engine catalogue (catalogue.json, with its sources), `version`
reads AWS's version strings, `rules` says what AWS will create on a version, and `lifecycle`
where a major stands in a month (standard support, RDS Extended Support and its rate year).
"""

from aurora_cost.versions.catalogue import Catalogue, catalogue
from aurora_cost.versions.lifecycle import Standing, parse_month, standing, this_month
from aurora_cost.versions.version import EngineVersion, default_version, parse_version

__all__ = [
    "Catalogue",
    "EngineVersion",
    "Standing",
    "catalogue",
    "default_version",
    "parse_month",
    "parse_version",
    "standing",
    "this_month",
]
