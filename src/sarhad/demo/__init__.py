"""The project's own demo reports (see README.md) and the demo nodes of make run and make run-pair."""
