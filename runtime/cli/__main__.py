"""`python -m specloom.runtime.cli`: the `specloom` command."""

from . import main

main()
