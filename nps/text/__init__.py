"""Offline, multilingual text analytics of comments: language, themes, sentiment estimate, phrase suggestions.

No Streamlit here and no network at run time: every model and dictionary ships with an installed package.
"""

ANALYSED_CHARS = 5_000
"""Language, themes, tone and the search copy read this many characters of a comment; the stored text stays
whole. A 100,000-character comment cost the sentiment model 1.26 GB and a 21 MB one asked for 23.8 GiB."""
