"""Infrastructure files: Terraform plans, CloudFormation templates and AWS CLI describe output.

Each Aurora cluster they define becomes an `InfraCluster` (`model.py`), priced as one
option of its own one-region report (`price.py`); `usage.py` reads the --usage file and
`diff.py` compares two sides. This package imports neither Typer nor Rich.
"""

from aurora_cost.infra.load import Infra, load_infra
from aurora_cost.infra.model import InfraCluster, InfraInstance

__all__ = ["Infra", "InfraCluster", "InfraInstance", "load_infra"]
