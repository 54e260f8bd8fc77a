from fastcount import count_words


def test_counts_runs_of_non_space_characters():
    assert count_words("  one two\tthree\n") == 3
