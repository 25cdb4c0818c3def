from newstables.build.furniture import load_rules


def test_a_share_bar_in_any_language_is_furniture():
    rules = load_rules()
    for bar in ["Compartir Facebook Twitter WhatsApp", "Facebook Twitter Google+ Whatsapp", "Partager Pinterest Email"]:
        assert rules.furniture_rule(bar) == "share-bar", bar
    # prose and headlines that merely name networks stay
    for text in ["Facebook and Twitter ban the account", "She posted the video on Facebook and Instagram.",
                 "Line of duty"]:
        assert not rules.is_furniture(text), text


def test_cookie_consent_banners_are_furniture():
    rules = load_rules()
    for line in ["Privacy Overview", "Necessary Always Enabled", "Non-necessary",
                 "This website uses cookies to improve your experience while you navigate through the website.",
                 "We use cookies to give you the best experience on our site. Continue if you are happy with this."]:
        assert rules.is_furniture(line), line
    assert not rules.is_furniture("Regulators said the site used cookies to track children without consent, "
                                  "and fined the company on Tuesday.")


def test_machine_timestamps_are_furniture_but_bare_links_are_not():
    rules = load_rules()
    assert rules.is_furniture("2021-03-05T14:07:00+01:00")
    assert not rules.is_furniture("https://www.example.org/reports/2021/flood-damage")  # a cited source


def test_comment_thread_headers_are_footer_markers():
    rules = load_rules()
    for line in ["12 thoughts on “Council approves the new bridge”", "48 responses to “Why the bridge matters”",
                 "riverrat77 says:", "old_timer says:", "3 hours ago", "March 5, 2021 at 2:14 pm"]:
        assert rules.is_footer_marker(line), line
    # a reporter introducing a quotation is article text
    assert not rules.is_footer_marker("Reporter Jane Smith says:")
