import pytest

from newstables.build.names import fold, name_key, sound_key


@pytest.mark.parametrize("a, b", [
    ("Esmail Ghaani", "Esmail Qaani"),
    ("Kataib Sayyed al-Shuhada", "Kataeb Sayyid al-Shuhada"),
    ("Kata'ib Hezbollah", "Kataeb Hezbollah"),
    ("Asa’ib Ahl al-Haq", "Asaib Ahl al-Haq"),
    ("Ain al-Asad", "Ain al-Assad"),
    ("Qassem Soleimani", "Qasem Soleimani"),
    ("Mustafa al-Kadhimi", "Mustafa el-Kadhimi"),
])
def test_transliteration_variants_share_a_sound_key(a, b):
    assert sound_key(a) == sound_key(b)


@pytest.mark.parametrize("a, b", [
    ("Qassem Soleimani", "Soleimani"),           # a surname alone is not the person
    ("Qassem Soleimani", "Qassem al-Araji"),     # same first name, different people
    ("Kataib Hezbollah", "Kataib Sayyid al-Shuhada"),
    ("Hassan Nasrallah", "Hassan Rouhani"),
    ("Iran", "Iraq"),                              # one letter apart, different countries
])
def test_different_names_keep_different_keys(a, b):
    assert sound_key(a) != sound_key(b)


def test_fold_and_name_key():
    assert fold("Kata’ib  Ḥezbollah-") == "kataib hezbollah"
    assert name_key("the Popular Mobilization Forces") == "popular mobilization forces"
    assert name_key("al-Hashd al-Shaabi") == "hashd shaabi"
