"""Rule misfires found by code review (2026-12-03, not from any blind split's errors):
sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from chokepoints.news.extract import extract_events

DAY = dt.date(2025, 6, 2)


def _types(text: str) -> list[str]:
    return [e.type for e in extract_events(text, DAY, learned=False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a round that ends without a deal still took place
        ("Talks between Chinese and U.S. negotiators in Geneva ended without a deal on Monday.",
         ["negotiation_round"]),
        # a relative clause before the trigger does not hedge it
        ("The Ministry of Commerce, which wants to safeguard national security, imposed "
         "export controls on gallium and germanium on Monday.", ["export_control_expanded"]),
        # 'came under control' and 'made under licence' are no controls
        ("Firefighters said the blaze at the warehouse near the port came under control on "
         "Monday.", []),
        ("Magnets that come from the Vietnamese plant are made under licence from Hitachi.", []),
        # the noun 'bar' is no ban; the verb still is
        ("A bar chart shows exports of magnets fell in May, customs data showed on Monday.",
         ["trade_data_release"]),
        ("Beijing moved to bar exports of antimony to the United States on Monday.",
         ["export_control_expanded"]),
        # exports stopped by a fire are no control; stopped by a ministry they are
        ("Exports of graphite from the port were stopped for three days after a fire on Monday.",
         []),
        ("Exports of the metals were suspended by the commerce ministry on Monday.",
         ["export_control_imposed"]),
    ],
)  # fmt: skip
def test_review_misfires(text: str, expected: list[str]) -> None:
    assert _types(text) == expected


def test_corrupt_model_metadata_is_a_data_error(tmp_path: Path) -> None:
    from chokepoints.errors import DataError
    from chokepoints.news.learned import MODEL_NAME, EventTypeModel, model_dir

    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(model_dir() / f"{MODEL_NAME}.npz", folder)
    meta = folder / f"{MODEL_NAME}.json"
    meta.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not readable JSON"):
        EventTypeModel.load(folder)
    good = json.loads((model_dir() / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
    good["thresholds"] = {"add": 0.5, "maybe": 1}
    meta.write_text(json.dumps(good), encoding="utf-8")
    with pytest.raises(DataError, match="thresholds"):
        EventTypeModel.load(folder)


# Review fix 1: the first control's year keeps an event "imposed" only when it is the
# event's own year, not a year named in a clause about the earlier step.
_PUB = dt.date(2026, 3, 12)


def _types_on(text: str, published: dt.date) -> list[str]:
    return [e.type for e in extract_events(text, published, learned=False)]


@pytest.mark.parametrize(
    "text",
    [
        "China on Tuesday imposed export controls on gallium, after first restricting "
        "gallium exports in July 2023.",
        "China, which first restricted gallium exports in 2023, on Tuesday imposed "
        "controls on gallium wafers.",
    ],
)
def test_year_of_an_earlier_step_keeps_the_expansion(text: str) -> None:
    types = _types_on(text, _PUB)
    assert "export_control_expanded" in types
    assert "export_control_imposed" not in types


def test_year_of_the_event_itself_is_the_first_control() -> None:
    types = _types_on("Indonesia banned exports of nickel ore in 2020 to build smelters.", _PUB)
    assert "export_control_imposed" in types
    assert "export_control_expanded" not in types


# Review fix 2: a second clause splits a tariff sentence into two sides only when it
# reports a tariff change of its own (tariff noun or rate, change verb or rate, no
# verb of speech).
@pytest.mark.parametrize(
    "text",
    [
        "The United States doubled its tariff on steel imports to 50%, and Beijing's "
        "commerce ministry said it firmly opposed the move.",
        "The United States doubled its tariff on steel imports to 50%, while Canada's "
        "finance ministry said it would study the measure.",
    ],
)
def test_reaction_in_a_second_clause_is_no_second_tariff(text: str) -> None:
    assert _types_on(text, _PUB).count("tariff_change") == 1


@pytest.mark.parametrize(
    "text",
    [
        "The United States raised tariffs on Chinese goods to 145%, while China raised "
        "its levy on American goods to 125%.",
        "The United States cut its tariff on Chinese goods to 30%, and China's on "
        "American goods to 10%.",
    ],
)
def test_second_side_with_its_own_change_is_split(text: str) -> None:
    events = extract_events(text, _PUB, learned=False)
    tariffs = [e for e in events if e.type == "tariff_change"]
    assert len(tariffs) == 2
    assert {a.country for e in tariffs for a in e.actors} >= {"USA", "CHN"}


# Review fix 3: only the issuer's details of a control just reported ("took effect",
# "cover", "apply to") are dropped; another party's reaction stays a statement.
_CONTROL = "China's commerce ministry on Tuesday imposed export controls on gallium wafers. "


@pytest.mark.parametrize(
    "second",
    [
        "The European Commission said the new controls could not be justified under WTO rules.",
        "Japan's trade minister said the measures would continue to hurt Japanese carmakers.",
    ],
)
def test_third_party_reaction_to_a_control_is_a_statement(second: str) -> None:
    assert "statement" in _types_on(_CONTROL + second, _PUB)


@pytest.mark.parametrize(
    "second",
    [
        "The ministry said the controls took effect immediately.",
        "China's commerce ministry said the new controls cover wafers and ingots.",
    ],
)
def test_issuers_details_of_a_control_are_no_statement(second: str) -> None:
    assert "statement" not in _types_on(_CONTROL + second, _PUB)


def test_issuers_own_could_not_is_a_detail() -> None:
    second = "The ministry said the controls would continue until further notice."
    assert "statement" not in _types_on(_CONTROL + second, _PUB)


def test_retaliation_in_a_second_clause_is_the_other_side() -> None:
    text = (
        "A 10% U.S. tariff on all goods from China took effect on Tuesday, and Beijing "
        "answered within hours with duties of its own on American coal."
    )
    assert _types_on(text, _PUB).count("tariff_change") == 2
