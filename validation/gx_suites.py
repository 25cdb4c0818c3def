"""GX expectation suites generated from the contracts, committed as JSON in validation/suites/ without ids.

Regenerate after changing a contract:  python -m newstables.validation.gx_suites
"""

from __future__ import annotations

import json
from pathlib import Path

from newstables.schemas import CONTRACTS, Contract
from newstables.schemas.contract import TEXT_MODES

SUITES_DIR = Path(__file__).parent / "suites"


def parameter_name(reference: str) -> str:
    return "ids_" + reference.replace(".", "_")


def suite_dict(contract: Contract) -> dict:
    """Plain data in GX 1.x's suite JSON shape ({type, kwargs}); loaded with gx.ExpectationSuite(**d)."""
    exps = [{"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": contract.names}}]
    for c in contract.columns:
        if not c.nullable:
            exps.append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": c.name}})
        if c.unique:
            exps.append({"type": "expect_column_values_to_be_unique", "kwargs": {"column": c.name}})
        if c.allowed:
            exps.append({"type": "expect_column_values_to_be_in_set",
                         "kwargs": {"column": c.name, "value_set": list(c.allowed)}})
        if c.pattern:
            exps.append({"type": "expect_column_values_to_match_regex",
                         "kwargs": {"column": c.name, "regex": f"^(?:{c.pattern})\\Z"}})
        if c.min is not None or c.max is not None:
            exps.append({"type": "expect_column_values_to_be_between",
                         "kwargs": {"column": c.name, "min_value": c.min, "max_value": c.max}})
        if c.references:
            exps.append({"type": "expect_column_values_to_be_in_set",
                         "kwargs": {"column": c.name, "value_set": {"$PARAMETER": parameter_name(c.references)}}})
    for e in exps:
        e["meta"] = {}
    return {"name": contract.name, "expectations": exps, "meta": {"generated_from": f"schemas/{contract.name}.py"}}


def suite_json(contract: Contract) -> str:
    return json.dumps(suite_dict(contract), indent=2, sort_keys=True) + "\n"


def load_suite(name: str, text_mode: str = TEXT_MODES[0]) -> dict:
    """The committed suite, without the not-null expectations of the columns `text_mode` withholds (pandera checks
    that they are null exactly where the mode says)."""
    suite = json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    withheld = {c.name for c in CONTRACTS[name].columns if c.withheld_in(text_mode) and not c.withheld_fields}
    suite["expectations"] = [e for e in suite["expectations"] if not (
        e["type"] == "expect_column_values_to_not_be_null" and e["kwargs"]["column"] in withheld)]
    return suite


def write_suites() -> list[Path]:
    SUITES_DIR.mkdir(exist_ok=True)
    paths = []
    for contract in CONTRACTS.values():
        path = SUITES_DIR / f"{contract.name}.json"
        path.write_text(suite_json(contract), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write_suites():
        print(p)
