"""Compute: the serverless capacity rates (the instance classes' rates have their own part
of the price file). Each option kind bills its own compute (`bill_compute`)."""

from aurora_cost.charges.base import ACU_HOUR, Charge, Offer, Rate

CHARGE = Charge(
    name="compute",
    column="compute",
    billed_by_kind=True,
    bill_order=0,
    rates=(
        Rate(
            "serverless_v1_acu_hour",
            "USD per ACU-hour",
            Offer(ACU_HOUR, "Aurora:ServerlessUsage", "Serverless"),
            feed="v1_acu_hr",
        ),
        Rate(
            "serverless_v2_acu_hour",
            "USD per ACU-hour (Aurora Standard)",
            Offer(ACU_HOUR, "Aurora:ServerlessV2Usage", "ServerlessV2"),
            storage="standard",
            feed="v2_acu_hr_standard",
        ),
        Rate(
            "serverless_v2_io_optimized_acu_hour",
            "USD per ACU-hour (Aurora I/O-Optimized)",
            Offer(ACU_HOUR, "Aurora:ServerlessV2IOOptimizedUsage", "ServerlessV2"),
            storage="io-optimized",
            feed="v2_acu_hr_io_optimized",
        ),
    ),
)
