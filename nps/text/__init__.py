"""Offline, multilingual text analytics of comments: language, themes, sentiment estimate, phrase suggestions.

No Streamlit here and no network at run time: every model and dictionary ships with an installed package.
"""
