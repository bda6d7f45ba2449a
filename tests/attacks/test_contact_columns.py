"""A second e-mail column and a phone column are personal data: never segments shown to viewers unmasked."""

from __future__ import annotations

from nps import store
from nps.importing.pipeline import import_file
from nps.importing.reader import open_export

EXPORT = (
    b"response_id,email,backup_email,phone,date,score,region\n"
    b"R1,a@example.com,ann.private@mail.example,+48 601 234 567,2026-01-05,9,Poland\n"
    b"R2,b@example.com,bob@home.example,(555) 123-4567,2026-01-06,3,DACH\n"
    b"R3,c@example.com,cy@home.example,+1-202-555-0147,2026-01-07,7,Poland\n"
)


def test_extra_contact_columns_are_kept_with_the_response_but_never_offered_as_segments():
    reader = open_export(EXPORT)
    assert reader.mapping["email"] == "email"
    assert reader.segment_columns == ["region"]
    assert {"backup_email", "phone"} <= set(reader.noise_columns)


def test_extra_contact_columns_never_become_filterable_attributes(engine):
    import_file(EXPORT, engine=engine, survey="s", username="u")
    assert list(store.attribute_slots(engine=engine)) == ["region"]
