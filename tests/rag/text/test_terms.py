"""Paths and options a model's wording must not invent and must not drop."""

from rag.text.terms import keeps_a_term, unstated_terms

OPTION = "-k, --keep-old\n       never overwrite an existing file when unpacking"
PATH = "Linux: ~/.config/tarp/2.0/settings.json"


def test_a_path_or_option_no_quote_writes_is_unstated() -> None:
    assert unstated_terms("Use the -z option to keep old files.", OPTION) == ["-z"]
    assert unstated_terms("Settings live in /home/user/.config/tarp/.", PATH) == [
        "/home/user/.config/tarp"]
    # Written in the quote, a shorter piece of its path, or named by the question: stated.
    assert unstated_terms("Use --keep-old (or -k).", OPTION) == []
    assert unstated_terms("They live under ~/.config/tarp.", PATH) == []
    assert unstated_terms("Yes, -z keeps them.", OPTION, "Does -z keep old files?") == []


def test_a_rewording_keeps_the_answer_when_it_keeps_a_path_or_option() -> None:
    assert keeps_a_term(OPTION, "Use the --keep-old option.", "How do I keep old files?")
    assert not keeps_a_term(OPTION, "The option used for this is.", "How do I keep old files?")
    assert not keeps_a_term(PATH, "Settings are in the configuration folder.", "Where on Linux?")
    # Nothing to keep when the sentence adds no term to the question.
    assert keeps_a_term(OPTION, "It never overwrites a file.", "What does --keep-old do? Is it -k?")
    assert keeps_a_term("Settings are kept per user.", "Per user.", "Where?")


def test_a_path_below_a_given_path_restates_it() -> None:
    from rag.text.terms import writes_any_term

    assert writes_any_term(["~/.config/app"], "Linux: ~/.config/app/2.0/keys")
    assert not writes_any_term(["~/.config/app"], "macOS: ~/Library/app/2.0/keys")
    assert writes_any_term(["-r", "--recursive"], "-r, -R  remove directories recursively")
    assert not writes_any_term(["-l"], "--literal  print names as they are")
    assert not writes_any_term(["-r"], "-d, --dir  remove empty directories")


def test_single_letter_options_joined_are_stated_when_each_is() -> None:
    sizes = "-s, --sizes\n       with -v, print sizes as 3K, 12M"
    # "-vs" is how a command line writes "-v -s": stated, and it keeps the "-s" the answer needs.
    assert unstated_terms("Run tarp -vs.", sizes) == []
    assert keeps_a_term(sizes, "Run tarp -vs.", "How do I see sizes with tarp?")
    # A letter no quote writes is still invented, joined or not.
    assert unstated_terms("Run tarp -vz.", sizes) == ["-vz"]
    assert not keeps_a_term(sizes, "Run tarp -vz.", "How do I see sizes with tarp? Is -v it?")
