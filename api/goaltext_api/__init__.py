"""goaltext's HTTP service (FastAPI) and the trainers' web page."""
