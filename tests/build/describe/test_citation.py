"""Citation blocks (CITATION.cff, BibTeX, APA) from the release version alone."""

import yaml

from newstables.build.describe.citation import TITLE, apa, bibtex, citation_cff, citation_markdown


def test_cff_is_valid_yaml_with_the_required_keys_and_the_version():
    cff = yaml.safe_load(citation_cff("1.2.3"))
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == "1.2.3" and cff["title"] == TITLE
    assert all("name" in author for author in cff["authors"])


def test_bibtex_and_apa_carry_the_version_and_no_date():
    entry = bibtex("0.2.0-rc.1")
    assert entry.startswith("@misc{newstables_0_2_0_rc_1,") and "version = {0.2.0-rc.1}" in entry
    assert entry.count("{") == entry.count("}")
    assert "(n.d.)" in apa("0.2.0") and "(Version 0.2.0) [Data set]" in apa("0.2.0")


def test_the_same_version_gives_the_same_text():
    assert citation_markdown("0.1.0") == citation_markdown("0.1.0")
    assert "```bibtex\n" in citation_markdown("0.1.0") and "```yaml\n" in citation_markdown("0.1.0")
