"""Money and quantities: Decimal end to end, a 730-hour month, rounding only when shown."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_MONTH = 730  # AWS's pricing pages and calculator bill a month as 730 hours
CENT = Decimal("0.01")
MILLION = Decimal(1_000_000)


def money(value: Decimal) -> Decimal:
    """Round to cents, half up, as a bill does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def as_decimal(value: float) -> Decimal:
    """A float as the Decimal of its shortest repr (0.1 stays 0.1, not 0.1000000000000000055)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def tidy(value: Decimal, places: int = 4) -> Decimal:
    """A quantity for display: at most `places` decimals, no trailing zeros, no exponent."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    return q.quantize(Decimal(1)) if q == q.to_integral() else q


def per_month(quantity: float, period_minutes: int) -> Decimal:
    """A quantity measured over `period_minutes`, scaled to a 730-hour month."""
    return as_decimal(quantity) * HOURS_PER_MONTH * 60 / period_minutes


def usd(value: Decimal | None, *, exact: bool = False) -> str:
    """The one way an amount is shown: `$1,234.57` (to the cent), `n/a` for an unknown cost.

    `exact=True` shows an amount the user gave exactly as given (a budget of 51.425 stays
    `$51.425`), with thousands separators.
    """
    if value is None:
        return "n/a"
    return f"${value:,}" if exact else f"${value:,.2f}"


def signed_usd(value: Decimal) -> str:
    """A change in cost: `+$12.50`, `-$3.00`, or `$0.00`."""
    if value > 0:
        return f"+${value:,.2f}"
    if value < 0:
        return f"-${-value:,.2f}"
    return "$0.00"
