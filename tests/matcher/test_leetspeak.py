"""Readings of digits and @/$: letters where each stands for one, numbers dropped otherwise."""

from __future__ import annotations

from matcher.leetspeak import readings


def test_digits_read_as_letters_or_dropped() -> None:
    found = dict(readings("r0b_m1ll3r"))
    assert found[("rob", "miller")] == ("leetspeak",)
    assert found[("rob", "mlller")] == ("leetspeak",)  # '1' as l
    assert found[("ll",)] == ("digits",)  # no letter cut off by digits is left as an initial


def test_digits_dropped_leave_no_lone_letters_inside_a_word_but_keep_initials_beside_one() -> None:
    """'gl0r14_g0nz4l3z' was read as the letters 'r', 'g' and 'z', each then taken for an
    initial of a configured name; an initial next to a year ('rob_m82') stays."""
    first = next(readings("gl0r14_g0nz4l3z_official"))
    assert first == (("gl", "nz", "official"), ("digits",))
    assert next(readings("l1d14_5c077")) == ((), ("digits",))
    assert next(readings("rob_m82")) == (("rob", "m"), ("digits",))
    assert next(readings("miller.r.85")) == (("miller", "r"), ("digits",))


def test_a_run_with_a_digit_that_is_no_letter_stays_a_number() -> None:
    """'90' holds a 9, which stands for no letter: the birth year of 'smithj90' is dropped,
    never read as 'go'; a run of letter-digits ('0') still reads as a letter."""
    assert {words for words, _ in readings("smithj90")} == {("smithj",)}
    assert {words for words, _ in readings("rob.mills321")} == {("rob", "mills")}
    assert ("john",) in dict(readings("j0hn1985"))


def test_plain_words_take_no_step() -> None:
    assert list(readings("bob miller")) == [(("bob", "miller"), ())]


def test_a_name_ending_in_leetspeak_keeps_its_letters_before_a_glued_year() -> None:
    """'ru1z4rch1ll3566' is 'ruiz archilles' and 66: the '35' before the year are letters.
    A run that is only a number ('1985', '90') stays one, and so does one after a plain name."""
    assert ("ruizarchilles",) in dict(readings("ru1z4rch1ll3566"))
    assert {words for words, _ in readings("j0hn1985")} == {("hn",), ("john",)}
    assert {words for words, _ in readings("smithj90")} == {("smithj",)}
    assert {words for words, _ in readings("rob.mills321")} == {("rob", "mills")}


def test_ones_inside_a_word_are_read_as_i_and_l_in_every_mix_and_nines_as_g() -> None:
    """'w1ll14m' reads with one table, 'w1111am' needs its first '1' an i and the next ones
    l; '9' inside leetspeak is a g. A year at an end stays a number."""
    assert ("william", "baker") in dict(readings("w1111am_b4ker"))
    assert ("rodrigosilva",) in dict(readings("r0dr19051lv4"))
    assert all("g" not in "".join(words) for words, _ in readings("b4k3r_1999"))
    assert len(list(readings("a1b1c1d1e1f"))) < 8  # more than four '1's: no mixes
