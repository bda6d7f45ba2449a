"""The NPS domain package: metrics, store, importing and text analytics. No Streamlit here."""
