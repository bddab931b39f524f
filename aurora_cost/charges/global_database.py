"""Aurora Global Database replicated write I/Os, per million
(https://aws.amazon.com/rds/aurora/pricing/): imported and shown with the region's prices;
not billed yet, since a workload does not say how many writes it replicates."""

from aurora_cost.charges.base import PER_MILLION, Charge, Offer, Rate

GLOBAL_DATABASE = "Aurora Global Database"  # its product family, and its group

CHARGE = Charge(
    name="global_database",
    rates=(
        Rate(
            "global_database_per_million_replicated_writes",
            "USD per 1 million replicated write I/Os",
            Offer(PER_MILLION, family=GLOBAL_DATABASE),
            feed="global_db_per_million_replicated_write_io",
        ),
    ),
)
