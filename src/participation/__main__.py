"""``python -m participation`` runs the command line."""

from participation.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
