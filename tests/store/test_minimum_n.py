"""The minimum n is an admin setting kept in the store."""

import pytest
from sqlmodel import Session

from nps import store
from nps.figures import DEFAULT_MINIMUM_N


def test_the_minimum_n_defaults_to_30_and_keeps_what_an_admin_sets(engine):
    assert store.minimum_n(engine=engine) == DEFAULT_MINIMUM_N == 30
    version = store.data_version(engine=engine)
    with Session(engine) as session:
        store.set_minimum_n(50, session=session)
        session.commit()
    assert store.minimum_n(engine=engine) == 50
    assert store.data_version(engine=engine) > version


@pytest.mark.parametrize("value", [0, -3, 10_001])
def test_a_minimum_n_out_of_range_is_refused(engine, value):
    with Session(engine) as session, pytest.raises(ValueError, match="whole number from 1"):
        store.set_minimum_n(value, session=session)
