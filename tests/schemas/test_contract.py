import pyarrow as pa
import pytest

from newstables.schemas import CONTRACTS, arrow_schema, arrow_type, field_table, hf_features
from newstables.validation.gx_suites import suite_json, SUITES_DIR


def test_type_expressions_parse_nested_types():
    t = arrow_type("list<struct<text:string,char_start:int32,tags:list<string>>>")
    assert t == pa.list_(pa.struct([("text", pa.string()), ("char_start", pa.int32()), ("tags", pa.list_(pa.string()))]))
    with pytest.raises(ValueError):
        arrow_type("varchar")


@pytest.mark.parametrize("name", list(CONTRACTS))
def test_every_artifact_has_the_contract_columns(name):
    contract = CONTRACTS[name]
    assert arrow_schema(contract).names == contract.names
    assert list(hf_features(contract)) == contract.names
    table = field_table(contract)
    assert all(f"`{c}`" in table for c in contract.names)


@pytest.mark.parametrize("name", list(CONTRACTS))
def test_committed_gx_suite_matches_its_contract(name):
    committed = (SUITES_DIR / f"{name}.json").read_text(encoding="utf-8")
    assert committed == suite_json(CONTRACTS[name]), (
        "validation/suites is stale: run `python -m newstables.validation.gx_suites`")
    assert '"id"' not in committed


def test_string_categories_not_classlabels():
    from datasets import ClassLabel

    for contract in CONTRACTS.values():
        assert not any(isinstance(f, ClassLabel) for f in hf_features(contract).values())


def test_references_point_at_existing_columns():
    for contract in CONTRACTS.values():
        refs = [c.references for c in contract.columns if c.references]
        refs += [target for _, _, target in contract.nested_references]
        for ref in refs:
            table, column = ref.split(".")
            assert column in CONTRACTS[table].names
