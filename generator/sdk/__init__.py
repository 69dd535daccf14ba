"""The SDK pipeline: a surface's spec -> an SDK intermediate model (model.py, built by build.py)
-> a client package in one language (render.py, templates in generator/templates/sdk/<lang>/)."""
