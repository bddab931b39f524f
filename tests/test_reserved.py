"""The Reserved Instance choice: the lowest effective month, upfront spread over the term."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aurora_cost.options.reserved import ReservedOffer, best_offer

D = Decimal


def offers() -> list[ReservedOffer]:
    return [
        ReservedOffer("1yr", "no-upfront", D(0), D("0.17")),  # 0.17 x 730 = 124.10
        ReservedOffer("1yr", "partial-upfront", D(500), D("0.09")),  # 500/12 + 65.70 = 107.3667
        ReservedOffer("1yr", "all-upfront", D(1240), D(0)),  # 1240/12 = 103.3333
        ReservedOffer("3yr", "partial-upfront", D(1000), D("0.05")),  # 1000/36 + 36.50 = 64.2778
        ReservedOffer("3yr", "all-upfront", D(2378), D(0)),  # 2378/36 = 66.0556
    ]


def test_the_cheapest_effective_month_wins() -> None:
    choice = best_offer(offers(), instances=2)
    assert choice is not None
    assert (choice.offer.term, choice.offer.payment) == ("3yr", "partial-upfront")
    # 2 x (1000 / 36 + 0.05 x 730) = 2 x 64.2777... = 128.5555...
    assert round(choice.monthly_compute, 4) == D("128.5556")
    assert choice.upfront == D(2000)


def test_each_offers_month() -> None:
    month = [round(o.monthly(1), 4) for o in offers()]
    assert month == [D("124.1000"), D("107.3667"), D("103.3333"), D("64.2778"), D("66.0556")]


def test_a_tie_goes_to_less_upfront_then_the_shorter_term() -> None:
    # 1yr no upfront at 0.1 = 73.00 a month; 1yr all upfront 876 / 12 = 73.00 as well
    tied = [
        ReservedOffer("1yr", "all-upfront", D(876), D(0)),
        ReservedOffer("1yr", "no-upfront", D(0), D("0.1")),
    ]
    choice = best_offer(tied, 1)
    assert choice is not None and choice.offer.payment == "no-upfront"
    assert best_offer([], 1) is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1yr", "3yr"]),
            st.sampled_from(["no-upfront", "partial-upfront", "all-upfront"]),
            st.integers(0, 100_000),
            st.integers(0, 10_000),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 16),
)
def test_no_offer_is_cheaper_than_the_choice(rows: list[tuple[str, str, int, int]], n: int) -> None:
    candidates = [ReservedOffer(t, p, D(u), D(h) / 1000) for t, p, u, h in rows]  # type: ignore[arg-type]
    choice = best_offer(candidates, n)
    assert choice is not None
    assert all(choice.monthly_compute <= o.monthly(n) for o in candidates)
